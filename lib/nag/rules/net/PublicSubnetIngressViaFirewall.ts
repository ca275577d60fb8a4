import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { edgeRouteTables, routesOf } from './routing';
import { subnetTier } from './subnets';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * NET-3: traffic from the internet to a public subnet enters through the firewall. An edge route
 * table associated with the internet gateway routes the subnet's CIDR to a firewall endpoint
 * (`VpcEndpointId`). Applies to subnets tagged `hardened:tier` = `public` (or the L2 VPC's public
 * subnets when untagged).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (subnetTier(scan, node) !== 'public') return NagRuleCompliance.NOT_APPLICABLE;
  const subnet = scan.props(node);
  if (subnet.CidrBlock === undefined) return NagRuleCompliance.NON_COMPLIANT;
  const cidr = JSON.stringify(subnet.CidrBlock);
  const vpcs = scan.refTargets(node, subnet.VpcId);
  const routed = edgeRouteTables(scan)
    .filter((table) => {
      const tableVpcs = scan.refTargets(table, scan.props(table).VpcId);
      return vpcs.length === 0 || tableVpcs.length === 0 || tableVpcs.some((v) => vpcs.includes(v));
    })
    .flatMap((r) => routesOf(scan, r))
    .some((r) => JSON.stringify(scan.props(r).DestinationCidrBlock) === cidr && scan.props(r).VpcEndpointId !== undefined);
  return routed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const PublicSubnetIngressViaFirewall: HardenedRule = {
  control: 'NET-3',
  name: 'PublicSubnetIngressViaFirewall',
  resourceTypes: ['AWS::EC2::Subnet'],
  info: "NET-3: the internet gateway's edge route table does not send this public subnet's CIDR to a firewall endpoint.",
  explanation: 'Without the edge route, replies and new connections from the internet reach the public subnet (the ALB) uninspected.',
  check,
};
