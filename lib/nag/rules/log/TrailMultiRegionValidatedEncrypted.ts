import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * LOG-2: the trail records every region, makes tampering evident (log-file validation digests)
 * and encrypts with a KMS key.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  return isTrue(p.IsMultiRegionTrail) && isTrue(p.EnableLogFileValidation) && p.KMSKeyId !== undefined && p.KMSKeyId !== ''
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}

export const TrailMultiRegionValidatedEncrypted: HardenedRule = {
  control: 'LOG-2',
  name: 'TrailMultiRegionValidatedEncrypted',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  info: 'LOG-2: the CloudTrail trail is not multi-region, lacks log-file validation or is not KMS-encrypted.',
  explanation: 'Every API operation in every region must be recorded, encrypted and tamper-evident.',
  check,
};
