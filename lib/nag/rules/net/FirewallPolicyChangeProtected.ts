import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL } from './firewall-policy';
import { isTrue } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * NET-7: the firewall's policy cannot be swapped without first lifting a protection. Swapping the
 * policy detaches the IPS and the default deny as surely as deleting the firewall would.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  return isTrue(scan.props(node).FirewallPolicyChangeProtection) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const FirewallPolicyChangeProtected: HardenedRule = {
  control: 'NET-7',
  name: 'FirewallPolicyChangeProtected',
  resourceTypes: [FIREWALL],
  info: 'NET-7: the Network Firewall lacks FirewallPolicyChangeProtection.',
  explanation: 'Swapping the policy detaches the IPS and the default deny as surely as deleting the firewall.',
  check,
};
