import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { props, refTargets, subnetTier } from '../support';
import { edgeRouteTables, routesOf } from './routing';

/**
 * NET-3: traffic from the internet to a public subnet enters through the firewall. An edge route
 * table associated with the internet gateway routes the subnet's CIDR to a firewall endpoint
 * (`VpcEndpointId`). Applies to subnets tagged `hardened:tier` = `public` (or the L2 VPC's public
 * subnets when untagged).
 */
export function PublicSubnetIngressViaFirewall(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::EC2::Subnet' || subnetTier(node) !== 'public') return NagRuleCompliance.NOT_APPLICABLE;
  const subnet = props(node);
  if (subnet.CidrBlock === undefined) return NagRuleCompliance.NON_COMPLIANT;
  const cidr = JSON.stringify(subnet.CidrBlock);
  const vpcs = refTargets(node, subnet.VpcId);
  const routed = edgeRouteTables(node)
    .filter((table) => {
      const tableVpcs = refTargets(table, props(table).VpcId);
      return vpcs.length === 0 || tableVpcs.length === 0 || tableVpcs.some((v) => vpcs.includes(v));
    })
    .flatMap(routesOf)
    .some((r) => JSON.stringify(props(r).DestinationCidrBlock) === cidr && props(r).VpcEndpointId !== undefined);
  return routed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
