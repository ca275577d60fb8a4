import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { securedBucketProps } from '../core/encrypted-bucket';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Where the outside-in canary (lib/monitoring/endpoint-canary.ts) writes its run artifacts. */
export const CANARY_RUNS_PREFIX = 'canary-runs';
/** Days canary run artifacts are kept: they only help debug a failed probe (the record is the metric). */
export const CANARY_RUNS_RETENTION_DAYS = 31;

export interface AccessLogBucketProps {
  /** Days objects are kept before expiry (LOG-3: at least 1096). */
  readonly retentionDays: number;
}

/**
 * Destination of S3 server-access logs, ALB access/connection logs and the canary's run
 * artifacts (under CANARY_RUNS_PREFIX, expired after a month).
 *
 * Both delivery services write only with SSE-S3 (the ALB rejects a KMS key, server-access
 * logging cannot target an Object Lock bucket), so this is the one bucket in the stack that is
 * not KMS-encrypted; it is versioned, TLS-only, private and kept ≥ 3 years.
 */
export class AccessLogBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...securedBucketProps(),
      lifecycleRules: [
        {
          id: 'tier-then-expire',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(365) },
          ],
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(props.retentionDays),
        },
        {
          // Canary run artifacts share the bucket but not the 3-year retention.
          id: 'expire-canary-runs',
          prefix: `${CANARY_RUNS_PREFIX}/`,
          expiration: Duration.days(CANARY_RUNS_RETENTION_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    const selfLogging =
      'This bucket is the server-access-log destination itself; logging it into itself would loop and logging it elsewhere only moves the problem.';
    const sseS3Only =
      'S3 server-access logging and ALB log delivery can only write to SSE-S3 buckets (neither supports SSE-KMS), so this destination cannot use a KMS key.';
    const noReplica =
      'Access logs are operational evidence kept 3 years in a versioned bucket; a second-region copy would need a second access-log bucket in the DR region, which would itself need this same exception.';
    Validations.of(this.bucket).acknowledge(
      ...['AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled', 'HIPAA.Security-S3BucketLoggingEnabled', 'PCI.DSS.321-S3BucketLoggingEnabled'].map(
        (id) => ({ id, reason: selfLogging }),
      ),
      ...['NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled'].map((id) => ({
        id,
        reason: noReplica,
      })),
      ...['NIST.800.53.R5-S3DefaultEncryptionKMS', 'HIPAA.Security-S3DefaultEncryptionKMS', 'PCI.DSS.321-S3DefaultEncryptionKMS'].map((id) => ({
        id,
        reason: sseS3Only,
      })),
    );
  }
}
