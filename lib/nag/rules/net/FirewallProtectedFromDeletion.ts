import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL } from './firewall-policy';
import { isTrue } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** NET-7: the firewall cannot be deleted, nor moved off its subnets, without first lifting a protection. */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  return isTrue(p.DeleteProtection) && isTrue(p.SubnetChangeProtection) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const FirewallProtectedFromDeletion: HardenedRule = {
  control: 'NET-7',
  name: 'FirewallProtectedFromDeletion',
  resourceTypes: [FIREWALL],
  info: 'NET-7: the Network Firewall lacks DeleteProtection or SubnetChangeProtection.',
  explanation: 'An accidental delete or subnet change would remove inspection from the network path.',
  check,
};
