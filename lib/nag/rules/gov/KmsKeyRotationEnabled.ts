import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** GOV-1: every symmetric KMS key rotates automatically (asymmetric and HMAC keys cannot, and are not applicable). */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  if (p.KeySpec !== undefined && p.KeySpec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
  return isTrue(p.EnableKeyRotation) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const KmsKeyRotationEnabled: HardenedRule = {
  control: 'GOV-1',
  name: 'KmsKeyRotationEnabled',
  resourceTypes: ['AWS::KMS::Key'],
  info: 'GOV-1: the symmetric KMS key does not rotate automatically.',
  explanation: 'Rotation limits the data exposed under any one key version.',
  check,
};
