import { CfnResource } from 'aws-cdk-lib';
import { SCAN_RESULT, SCAN_STATUS_TAG } from '../../../../lambda/shared/contracts/received-files';
import { NagRuleCompliance } from 'cdk-nag';
import { bucketPolicyStatements } from '../gov/bucket-policies';
import { isUploadBucket } from './upload-bucket';
import { isObject, stringList } from '../../engine/values';
import { actionCovers } from '../gov/policy-statements';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** The condition key of the object tag GuardDuty Malware Protection for S3 writes. */
const SCAN_STATUS_CONDITION_KEY = `s3:ExistingObjectTag/${SCAN_STATUS_TAG}`;

/** Deny s3:GetObject unless the object is tagged clean. */
function deniesUnscannedReads(s: Record<string, any>): boolean {
  if (s.Effect !== 'Deny' || !stringList(s.Action).some((a) => actionCovers(a, 's3:GetObject'))) return false;
  const notEquals = s.Condition?.StringNotEquals;
  // Exactly the clean status: every other value listed (UNSUPPORTED, FAILED…) makes those files readable too.
  const statuses = isObject(notEquals) ? stringList(notEquals[SCAN_STATUS_CONDITION_KEY]) : [];
  return statuses.length > 0 && statuses.every((v) => v === SCAN_RESULT.clean);
}

/**
 * FILE-1: nobody reads an uploaded file before it is found clean: the upload bucket's policy
 * denies s3:GetObject unless `s3:ExistingObjectTag/GuardDutyMalwareScanStatus` is
 * `NO_THREATS_FOUND`, and only that (a file GuardDuty could not scan stays unreadable). Not applicable to other buckets.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isUploadBucket(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  return bucketPolicyStatements(scan, node).some(deniesUnscannedReads) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const UploadBucketReadableOnlyWhenClean: HardenedRule = {
  control: 'FILE-1',
  name: 'UploadBucketReadableOnlyWhenClean',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'FILE-1: the upload bucket policy does not deny s3:GetObject unless GuardDutyMalwareScanStatus is NO_THREATS_FOUND.',
  explanation: 'A file must be unreadable until it is found clean.',
  check,
};
