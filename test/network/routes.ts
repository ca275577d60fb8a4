import { resourcesOfType } from '../support/assembly';

// Default routes of a synthesized network template, by the tier of the subnets they serve.

/** Tier tag of each subnet logical id, and the tier each route table serves. */
function routeTableTiers(tpl: any): Map<string, string> {
  const subnetTier = new Map<string, string>();
  for (const [id, subnet] of resourcesOfType(tpl, 'AWS::EC2::Subnet')) {
    const tag = (subnet.Properties.Tags ?? []).find((t: any) => t.Key === 'hardened:tier');
    subnetTier.set(id, tag?.Value);
  }
  const tableTier = new Map<string, string>();
  for (const [, assoc] of resourcesOfType(tpl, 'AWS::EC2::SubnetRouteTableAssociation')) {
    tableTier.set(assoc.Properties.RouteTableId.Ref, subnetTier.get(assoc.Properties.SubnetId.Ref)!);
  }
  return tableTier;
}

/** The 0.0.0.0/0 routes by tier (`edge` for a table no subnet uses: the gateway's). */
export function defaultRoutesByTier(tpl: any): Map<string, any[]> {
  const tiers = routeTableTiers(tpl);
  const byTier = new Map<string, any[]>();
  for (const [, route] of resourcesOfType(tpl, 'AWS::EC2::Route')) {
    if (route.Properties.DestinationCidrBlock !== '0.0.0.0/0') continue;
    const tier = tiers.get(route.Properties.RouteTableId.Ref) ?? 'edge';
    byTier.set(tier, [...(byTier.get(tier) ?? []), route.Properties]);
  }
  return byTier;
}
