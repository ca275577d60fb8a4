import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, stringList } from '../support';
import { bucketPolicyStatements } from './bucket-policies';

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
export function BucketRequiresTls(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
  return bucketPolicyStatements(node).some(deniesInsecureTransport) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
