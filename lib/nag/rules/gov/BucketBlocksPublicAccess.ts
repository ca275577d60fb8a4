import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, isTrue } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/** GOV-1: every S3 bucket blocks public access with all four settings. */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const block = scan.props(node).PublicAccessBlockConfiguration;
  return isObject(block) && SETTINGS.every((s) => isTrue(block[s])) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const BucketBlocksPublicAccess: HardenedRule = {
  control: 'GOV-1',
  name: 'BucketBlocksPublicAccess',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'GOV-1: the S3 bucket does not block public access with all four settings.',
  explanation: 'No bucket of the stack may ever become public.',
  check,
};
