import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, isTrue, props } from '../support';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/** GOV-1: every S3 bucket blocks public access with all four settings. */
export function BucketBlocksPublicAccess(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
  const block = props(node).PublicAccessBlockConfiguration;
  return isObject(block) && SETTINGS.every((s) => isTrue(block[s])) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
