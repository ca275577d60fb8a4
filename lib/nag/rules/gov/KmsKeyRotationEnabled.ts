import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, props } from '../support';

/** GOV-1: every symmetric KMS key rotates automatically (asymmetric and HMAC keys cannot, and are not applicable). */
export function KmsKeyRotationEnabled(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::KMS::Key') return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  if (p.KeySpec !== undefined && p.KeySpec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
  return isTrue(p.EnableKeyRotation) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
