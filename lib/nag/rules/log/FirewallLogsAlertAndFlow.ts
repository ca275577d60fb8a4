import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { firewallLogDestinations } from './logging-configurations';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** LOG-1: the firewall logs both its alerts (IPS drops and alerts) and its flows. */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const types = new Set(firewallLogDestinations(scan, node).map((d) => d.destination.LogType));
  return types.has('ALERT') && types.has('FLOW') ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const FirewallLogsAlertAndFlow: HardenedRule = {
  control: 'LOG-1',
  name: 'FirewallLogsAlertAndFlow',
  resourceTypes: ['AWS::NetworkFirewall::Firewall'],
  info: 'LOG-1: the Network Firewall does not log both ALERT and FLOW records.',
  explanation: 'Alert logs show what the IPS stopped, flow logs what passed; an investigation needs both.',
  check,
};
