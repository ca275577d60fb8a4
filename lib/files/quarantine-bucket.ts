import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { managedKey } from '../core/managed-key';
import { acknowledgeNoReplica, transientBucketProps } from './file-bucket';

export interface QuarantineBucketProps {
  /** Days an infected file is kept for investigation. */
  readonly retentionDays: number;
  readonly serverAccessLogsBucket: s3.IBucket;
  /** Key alias prefix (project name). */
  readonly aliasPrefix: string;
}

/**
 * Where infected received files are kept (FILE-1): a bucket of its own with its own key, TLS-only,
 * private, versioned and access-logged; only the security role reads or deletes, only the mover
 * writes, and files expire after `retentionDays`.
 */
export class QuarantineBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: QuarantineBucketProps) {
    super(scope, id);
    this.key = managedKey(this, 'Key', { purpose: 'quarantined (infected) received files', alias: `${props.aliasPrefix}/files-quarantine` });
    this.bucket = new s3.Bucket(this, 'Bucket', transientBucketProps(this.key, props.serverAccessLogsBucket, 'files-quarantine/', props.retentionDays));
    acknowledgeNoReplica(
      this.bucket,
      'The quarantine holds malware kept only for a limited investigation period; a copy in another region would be a second store of malware to guard, and losing it loses evidence, never customer data.',
    );
  }

  /** Bucket-policy denies: only `reader` reads or deletes, only `writer` writes. */
  public restrictAccess(p: { readonly reader: iam.IRole; readonly writer: iam.IRole }): void {
    const deny = (sid: string, actions: string[], except: iam.IRole) =>
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions,
          resources: [this.bucket.arnForObjects('*')],
          conditions: { ArnNotEquals: { 'aws:PrincipalArn': except.roleArn } },
        }),
      );
    deny('DenyReadExceptSecurity', ['s3:GetObject', 's3:GetObjectVersion'], p.reader);
    deny('DenyDeleteExceptSecurity', ['s3:DeleteObject', 's3:DeleteObjectVersion'], p.reader);
    deny('DenyWriteExceptMover', ['s3:PutObject'], p.writer);
  }
}
