import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { actionCovers, isObject, stringList } from '../support';
import { bucketPolicyStatements } from '../gov/bucket-policies';
import { isUploadBucket } from './upload-bucket';

/** The object tag GuardDuty Malware Protection for S3 writes, and its clean value. */
export const SCAN_STATUS_CONDITION_KEY = 's3:ExistingObjectTag/GuardDutyMalwareScanStatus';
export const CLEAN_STATUS = 'NO_THREATS_FOUND';

/** Deny s3:GetObject unless the object is tagged clean. */
function deniesUnscannedReads(s: Record<string, any>): boolean {
  if (s.Effect !== 'Deny' || !stringList(s.Action).some((a) => actionCovers(a, 's3:GetObject'))) return false;
  const notEquals = s.Condition?.StringNotEquals;
  // Exactly the clean status: every other value listed (UNSUPPORTED, FAILED…) makes those files readable too.
  const statuses = isObject(notEquals) ? stringList(notEquals[SCAN_STATUS_CONDITION_KEY]) : [];
  return statuses.length > 0 && statuses.every((v) => v === CLEAN_STATUS);
}

/**
 * FILE-1: nobody reads an uploaded file before it is found clean: the upload bucket's policy
 * denies s3:GetObject unless `s3:ExistingObjectTag/GuardDutyMalwareScanStatus` is
 * `NO_THREATS_FOUND`, and only that (a file GuardDuty could not scan stays unreadable). Not applicable to other buckets.
 */
export function UploadBucketReadableOnlyWhenClean(node: CfnResource): NagRuleCompliance {
  if (!isUploadBucket(node)) return NagRuleCompliance.NOT_APPLICABLE;
  return bucketPolicyStatements(node).some(deniesUnscannedReads) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
