import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** GOV-1: every S3 bucket declares default encryption (SSE-KMS, or SSE-S3 where a delivery service requires it). */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const rules = list(scan.props(node).BucketEncryption?.ServerSideEncryptionConfiguration).filter(isObject);
  const encrypted = rules.some((r) => typeof r.ServerSideEncryptionByDefault?.SSEAlgorithm === 'string');
  return encrypted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const BucketEncrypted: HardenedRule = {
  control: 'GOV-1',
  name: 'BucketEncrypted',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'GOV-1: the S3 bucket declares no default encryption.',
  explanation: 'Everything stored is encrypted at rest.',
  check,
};
