/** The ObjectStore port on the AWS SDK's S3 client. */
import { CopyObjectCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { NoSuchObjectVersion, ObjectStore, ObjectVersion } from './quarantine';

const GONE = new Set(['NoSuchKey', 'NoSuchVersion', 'NotFound']);

export class S3ObjectStore implements ObjectStore {
  constructor(private readonly s3: S3Client) {}

  async exists(bucket: string, key: string): Promise<boolean> {
    const out = await this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }));
    return (out.Contents ?? []).some((o) => o.Key === key);
  }

  async copyVersion(source: ObjectVersion, target: { bucket: string; key: string }, metadata: Record<string, string>): Promise<void> {
    try {
      await this.s3.send(
        new CopyObjectCommand({
          Bucket: target.bucket,
          Key: target.key,
          CopySource: `${source.bucket}/${encodeURIComponent(source.key)}?versionId=${encodeURIComponent(source.versionId)}`,
          // The copy carries what an investigator needs as metadata, no upload-bucket tags, and a
          // neutral content type, so a browser never renders it inline.
          MetadataDirective: 'REPLACE',
          Metadata: metadata,
          ContentType: 'application/octet-stream',
          TaggingDirective: 'REPLACE',
        }),
      );
    } catch (error) {
      if (error instanceof S3ServiceException && (GONE.has(error.name) || error.$metadata.httpStatusCode === 404)) throw new NoSuchObjectVersion(source);
      throw error;
    }
  }

  async deleteVersion(source: ObjectVersion): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: source.bucket, Key: source.key, VersionId: source.versionId }));
  }
}
