import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isDefaultRoute, routesToInternet, subnetsOfRouteTable } from './routing';
import { subnetTier } from './subnets';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * NET-3: only firewall subnets have a default route to the internet gateway. Any other subnet
 * with one (public, app or data) could send and receive traffic the firewall never sees. The
 * final template value counts: a route retargeted by a raw override is judged by the override.
 * Firewall subnets are those tagged `hardened:tier` = `firewall` (or whose construct path names
 * a firewall).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isDefaultRoute(scan, node) || !routesToInternet(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const table = scan.refTargetsOfType(node, scan.props(node).RouteTableId, 'AWS::EC2::RouteTable')[0];
  if (!table) return NagRuleCompliance.NON_COMPLIANT;
  const onlyFirewallSubnets = subnetsOfRouteTable(scan, table).every((s) => s !== undefined && subnetTier(scan, s) === 'firewall');
  return onlyFirewallSubnets ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const NoRouteBypassesFirewall: HardenedRule = {
  control: 'NET-3',
  name: 'NoRouteBypassesFirewall',
  resourceTypes: ['AWS::EC2::Route'],
  info: 'NET-3: a subnet that is not a firewall subnet has a default route to the internet gateway (final template value, overrides included).',
  explanation: 'Any subnet routed straight to the internet gateway sends and receives traffic the firewall never sees.',
  check,
};
