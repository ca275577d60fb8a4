import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL } from './firewall-policy';
import { isObject, list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** An AZ as a comparable key: its resolved value (a literal, or an intrinsic such as Fn::Select of Fn::GetAZs). */
function azKey(scan: Scan, subnet: CfnResource): string | undefined {
  const p = scan.props(subnet);
  const az = p.AvailabilityZone ?? p.AvailabilityZoneId;
  return az === undefined ? undefined : JSON.stringify(az);
}

/**
 * NET-1: the firewall has an endpoint in every AZ its VPC uses. The AZs of the VPC are those of
 * its AWS::EC2::Subnet resources; the firewall's subnet mappings must cover them all (by AZ when
 * the mapped subnets are known, otherwise by count). A firewall whose VPC is not in the app
 * cannot be checked and is reported.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  const vpc = scan.refTargetsOfType(node, p.VpcId, 'AWS::EC2::VPC')[0];
  const mappings = p.SubnetMappings;
  if (!vpc || !Array.isArray(mappings)) return NagRuleCompliance.NON_COMPLIANT;

  const vpcAzs = new Set<string>();
  for (const subnet of scan.resources('AWS::EC2::Subnet')) {
    if (!scan.refersTo(subnet, scan.props(subnet).VpcId, vpc)) continue;
    const az = azKey(scan, subnet);
    if (az !== undefined) vpcAzs.add(az);
  }
  if (vpcAzs.size === 0) return mappings.length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;

  const mappedAzs = list(mappings).map((m) => {
    const subnet = isObject(m) ? scan.refTargetsOfType(node, m.SubnetId, 'AWS::EC2::Subnet')[0] : undefined;
    return subnet ? azKey(scan, subnet) : undefined;
  });
  if (mappedAzs.every((az) => az !== undefined)) {
    const covered = new Set(mappedAzs);
    return [...vpcAzs].every((az) => covered.has(az)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  return mappings.length >= vpcAzs.size ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const FirewallInEveryAz: HardenedRule = {
  control: 'NET-1',
  name: 'FirewallInEveryAz',
  resourceTypes: [FIREWALL],
  info: "NET-1: the Network Firewall has no endpoint in some AZ of its VPC's subnets.",
  explanation: 'Traffic of an AZ without a firewall endpoint either crosses AZs (and fails with the other AZ) or is routed around the firewall.',
  check,
};
