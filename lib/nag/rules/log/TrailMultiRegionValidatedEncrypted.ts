import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, props } from '../support';

/**
 * LOG-2: the trail records every region, makes tampering evident (log-file validation digests)
 * and encrypts with a KMS key.
 */
export function TrailMultiRegionValidatedEncrypted(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::CloudTrail::Trail') return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  return isTrue(p.IsMultiRegionTrail) && isTrue(p.EnableLogFileValidation) && p.KMSKeyId !== undefined && p.KMSKeyId !== ''
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
