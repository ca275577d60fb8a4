import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { bucketPolicyStatements } from './bucket-policies';
import { isObject, stringList } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** A statement that denies every S3 action to every principal over plain HTTP. */
function deniesInsecureTransport(s: Record<string, any>): boolean {
  if (s.Effect !== 'Deny') return false;
  const everyone = s.Principal === '*' || (isObject(s.Principal) && stringList(s.Principal.AWS).includes('*'));
  const everything = stringList(s.Action).some((a) => a === 's3:*' || a === '*');
  const secureTransport = s.Condition?.Bool?.['aws:SecureTransport'];
  const insecure = secureTransport === false || stringList(secureTransport).includes('false');
  return everyone && everything && insecure;
}

/** GOV-1: every S3 bucket has a bucket policy denying all access without TLS (`aws:SecureTransport` false). */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  return bucketPolicyStatements(scan, node).some(deniesInsecureTransport) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const BucketRequiresTls: HardenedRule = {
  control: 'GOV-1',
  name: 'BucketRequiresTls',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'GOV-1: the S3 bucket policy does not deny requests without TLS (aws:SecureTransport false).',
  explanation: 'Data in transit is always encrypted.',
  check,
};
