import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { firewallLogDestinations } from './logging-configurations';

/** LOG-1: the firewall logs both its alerts (IPS drops and alerts) and its flows. */
export function FirewallLogsAlertAndFlow(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::NetworkFirewall::Firewall') return NagRuleCompliance.NOT_APPLICABLE;
  const types = new Set(firewallLogDestinations(node).map((d) => d.destination.LogType));
  return types.has('ALERT') && types.has('FLOW') ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
