import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { props, refTargetsOfType, subnetTier } from '../support';
import { isDefaultRoute, routesToInternet, subnetsOfRouteTable } from './routing';

/**
 * NET-3: only firewall subnets have a default route to the internet gateway. Any other subnet
 * with one (public, app or data) could send and receive traffic the firewall never sees. The
 * final template value counts: a route retargeted by a raw override is judged by the override.
 * Firewall subnets are those tagged `hardened:tier` = `firewall` (or whose construct path names
 * a firewall).
 */
export function NoRouteBypassesFirewall(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::EC2::Route') return NagRuleCompliance.NOT_APPLICABLE;
  if (!isDefaultRoute(node) || !routesToInternet(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const table = refTargetsOfType(node, props(node).RouteTableId, 'AWS::EC2::RouteTable')[0];
  if (!table) return NagRuleCompliance.NON_COMPLIANT;
  const onlyFirewallSubnets = subnetsOfRouteTable(table).every((s) => s !== undefined && subnetTier(s) === 'firewall');
  return onlyFirewallSubnets ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
