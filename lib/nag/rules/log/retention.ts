/** How long buckets and log groups keep what they hold (LOG-1, LOG-2, LOG-3). */
import { CfnResource } from 'aws-cdk-lib';
import { isObject, isTrue, literalNumber } from '../../engine/values';
import { MIN_LOG_RETENTION_DAYS } from '../../../core/retention-floor';
import { Scan } from '../../engine/scan';

/**
 * Whether a bucket has Object Lock with a default retention of at least `days`
 * (`Days`, or `Years` counted as 365.25 days so that 3 years ≥ 1096 days).
 */
export function bucketLockedFor(scan: Scan, bucket: CfnResource, days: number = MIN_LOG_RETENTION_DAYS): boolean {
  if (bucket.cfnResourceType !== 'AWS::S3::Bucket') return false;
  const p = scan.props(bucket);
  const lock = p.ObjectLockConfiguration;
  const enabled = isTrue(p.ObjectLockEnabled) || (isObject(lock) && lock.ObjectLockEnabled === 'Enabled');
  const retention = isObject(lock) ? lock.Rule?.DefaultRetention : undefined;
  if (!enabled || !isObject(retention)) return false;
  const d = literalNumber(retention.Days);
  const y = literalNumber(retention.Years);
  return (d !== undefined && d >= days) || (y !== undefined && y * 365.25 >= days);
}

/** Whether a log group keeps events at least `days` (no RetentionInDays means forever). */
export function logGroupKeeps(scan: Scan, logGroup: CfnResource, days: number = MIN_LOG_RETENTION_DAYS): boolean {
  if (logGroup.cfnResourceType !== 'AWS::Logs::LogGroup') return false;
  const retention = scan.props(logGroup).RetentionInDays;
  if (retention === undefined) return true;
  const n = literalNumber(retention);
  return n !== undefined && n >= days;
}
