/**
 * Signing upload POSTs from the injected limits, with the received-files signing code the stack's
 * policies were written for (`lib/app-tier/reference-app/src/upload-post.ts`): S3 enforces the signed
 * size range, content type, key and expiry; the bucket policy admits nothing else.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { UploadPost, UploadRequest, createUploadPost } from './upload-post';
import { UploadLimitSettings } from './settings';

export interface UploadSigner {
  sign(request: UploadRequest): Promise<UploadPost>;
}

/** Raised when the bucket's name cannot be found (the Files stack not deployed yet). */
export class UploadsUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadsUnavailable';
  }
}

export function uploadSigner(settings: UploadLimitSettings, s3: S3Client, ssm: () => SSMClient): UploadSigner {
  let bucket: Promise<string> | undefined = settings.bucket ? Promise.resolve(settings.bucket) : undefined;
  const bucketName = (): Promise<string> => {
    bucket ??= ssm()
      .send(new GetParameterCommand({ Name: settings.bucketParameter }))
      .then((out) => {
        const name = out.Parameter?.Value?.trim();
        if (!name) throw new UploadsUnavailable(`SSM parameter ${settings.bucketParameter} is empty`);
        return name;
      })
      .catch((error: unknown) => {
        bucket = undefined; // ask again next time: the Files stack may be deployed by then
        if (error instanceof UploadsUnavailable) throw error;
        throw new UploadsUnavailable(`cannot read SSM parameter ${settings.bucketParameter}: ${(error as Error).name ?? error}`);
      });
    return bucket;
  };
  return {
    async sign(request) {
      return createUploadPost(s3, { ...settings, bucket: await bucketName() }, request);
    },
  };
}
