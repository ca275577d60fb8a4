import { Stack, Tags, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SCAN_RESULT, SCAN_STATUS_TAG, UPLOAD_PREFIX } from '../../lambda/shared/contracts/received-files';
import { managedKey } from '../core/managed-key';
import { nagText } from '../nag/finding-text';
import { PURPOSE_TAG, UPLOAD_PURPOSE } from '../core/purpose-tag';
import { acknowledgeNoReplica, transientBucketProps } from './file-bucket';

export interface UploadBucketProps {
  /** Days any object stays (current versions; older versions go one day after they are replaced). */
  readonly retentionDays: number;
  readonly serverAccessLogsBucket: s3.IBucket;
  /** Key alias prefix (project name). */
  readonly aliasPrefix: string;
}

/** Who may do what with the upload bucket; everyone else is denied by the bucket policy. */
export interface UploadBucketPrincipals {
  /** The application role: the only uploader (browser POSTs it signed) and the reader of clean files. */
  readonly uploader: iam.IRole;
  /** The malware protection plan's role: reads unscanned objects, writes the scan tag. */
  readonly scanner: iam.IRole;
  /** The quarantine mover: reads infected versions to copy them, deletes them. */
  readonly mover: iam.IRole;
}

/**
 * Where received files land (FILE-1): a bucket apart from everything else, encrypted with its
 * own rotating key, TLS-only, private, versioned, access-logged, and transient: every object
 * expires after `retentionDays`, so nothing unscanned or infected outlives it; the application
 * takes the clean files it keeps into its own storage within that time.
 */
export class UploadBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: UploadBucketProps) {
    super(scope, id);
    this.key = managedKey(this, 'Key', { purpose: 'received files (upload bucket)', alias: `${props.aliasPrefix}/files-upload` });
    // Versions let the mover copy exactly the version GuardDuty scanned, not a later overwrite.
    this.bucket = new s3.Bucket(this, 'Bucket', transientBucketProps(this.key, props.serverAccessLogsBucket, 'files-upload/', props.retentionDays));
    // The tag by which the FILE-1 rules know an upload bucket.
    Tags.of(this.bucket).add(PURPOSE_TAG, UPLOAD_PURPOSE);
    acknowledgeNoReplica(
      this.bucket,
      'The upload bucket is a transient inbox of unscanned and possibly infected files that expire within days; copying them to another region would spread unscanned content and add nothing the sender cannot re-send.',
    );
  }

  /**
   * The bucket policy of FILE-1. Deny statements, so no identity policy anywhere in the account
   * can widen them: reads need GuardDuty's clean tag; writes are browser POSTs signed by the
   * app role; only the scanner writes tags, and nobody can upload a forged scan tag.
   */
  public restrictAccess(p: UploadBucketPrincipals): void {
    const objects = this.bucket.arnForObjects('*');
    const arn = (r: iam.IRole) => r.roleArn;
    const deny = (sid: string, actions: string[], conditions: Record<string, Record<string, unknown>>) =>
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions, resources: [objects], conditions }),
      );
    // Only the scanner (to scan) and the mover (to copy an infected version) read before the clean tag.
    deny('DenyReadUnlessScannedClean', ['s3:GetObject', 's3:GetObjectVersion'], {
      StringNotEquals: { [`s3:ExistingObjectTag/${SCAN_STATUS_TAG}`]: SCAN_RESULT.clean },
      ArnNotEquals: { 'aws:PrincipalArn': [arn(p.scanner), arn(p.mover)] },
    });
    // The scanner writes one object of its own, GuardDuty's access check (its role allows only that key).
    deny('DenyWriteExceptUploaderAndScanner', ['s3:PutObject'], { ArnNotEquals: { 'aws:PrincipalArn': [arn(p.uploader), arn(p.scanner)] } });
    // A browser POST carries the policy the app signed (size range, type, key); any other kind of
    // request (PUT, presigned PUT URL, multipart, copy) would carry no size limit.
    deny('DenyUploaderWriteExceptSignedPost', ['s3:PutObject'], {
      ArnEquals: { 'aws:PrincipalArn': arn(p.uploader) },
      StringNotEquals: { 's3:authType': 'POST' },
    });
    deny('DenyScanTagWriteExceptScanner', ['s3:PutObjectTagging', 's3:PutObjectVersionTagging', 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging'], {
      ArnNotEquals: { 'aws:PrincipalArn': arn(p.scanner) },
    });
    deny('DenyUploadWithScanTag', ['s3:PutObject'], { 'ForAnyValue:StringEquals': { 's3:RequestObjectTagKeys': [SCAN_STATUS_TAG] } });
  }

  /**
   * The app role's side: upload (sign POSTs) and read under the upload prefix, with the key. A
   * customer-managed policy of this stack attached to the role, so the app stack does not
   * depend on this one.
   */
  public grantApplicationAccess(role: iam.IRole): iam.ManagedPolicy {
    const region = Stack.of(this).region;
    const uploads = this.bucket.arnForObjects(`${UPLOAD_PREFIX}*`);
    const policy = new iam.ManagedPolicy(this, 'ApplicationAccess', {
      description: 'Application role: sign upload POSTs for, and read clean files from, the received-files bucket',
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [uploads] }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [this.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagText(this, uploads)}]`,
      reason: 'Upload keys are random names chosen when each POST is signed; the statement is limited to the upload prefix of this one bucket, and the bucket policy still denies any read before the clean tag and any write but a signed POST.',
    });
    return policy;
  }
}
