import { Duration, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { encryptedBucketProps } from '../core/encrypted-bucket';

/**
 * A bucket of received files (upload or quarantine): encrypted with `key`, access-logged under
 * `logPrefix`, and transient: current objects expire after `retentionDays`, replaced versions
 * after a day, unfinished multipart uploads after a day, then the leftover delete markers.
 */
export function transientBucketProps(key: kms.IKey, accessLogs: s3.IBucket, logPrefix: string, retentionDays: number): s3.BucketProps {
  return {
    ...encryptedBucketProps(key),
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: logPrefix,
    lifecycleRules: [
      {
        id: 'expire-received-files',
        expiration: Duration.days(retentionDays),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
      { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
    ],
  };
}

/** The three packs' replication rule, acknowledged on one bucket with its reason. */
export function acknowledgeNoReplica(bucket: IConstruct, reason: string): void {
  Validations.of(bucket).acknowledge(
    ...['NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled'].map((id) => ({ id, reason })),
  );
}
