import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, list, props } from '../support';

/** GOV-1: every S3 bucket declares default encryption (SSE-KMS, or SSE-S3 where a delivery service requires it). */
export function BucketEncrypted(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
  const rules = list(props(node).BucketEncryption?.ServerSideEncryptionConfiguration).filter(isObject);
  const encrypted = rules.some((r) => typeof r.ServerSideEncryptionByDefault?.SSEAlgorithm === 'string');
  return encrypted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
