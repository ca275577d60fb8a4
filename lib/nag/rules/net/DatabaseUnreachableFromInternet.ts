import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, list } from '../../engine/values';
import { subnetTier } from './subnets';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** A subnet the database may sit in: tagged `data`, or at least neither public nor a firewall subnet. */
function isPrivateSubnet(scan: Scan, subnet: CfnResource): boolean {
  const tier = subnetTier(scan, subnet);
  if (tier === 'data') return true;
  if (tier === 'public' || tier === 'firewall') return false;
  return !isTrue(scan.props(subnet).MapPublicIpOnLaunch) && scan.tagsOf(subnet)['aws-cdk:subnet-type'] !== 'Public';
}

/**
 * NET-4: a database instance (primary or replica) is not publicly accessible and sits in a DB
 * subnet group whose subnets are all private: tagged `hardened:tier` = `data`, or at least not
 * public. An instance without a subnet group (default VPC) or with subnets outside the app is reported.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  if (isTrue(p.PubliclyAccessible)) return NagRuleCompliance.NON_COMPLIANT;
  const group = scan.designatedResources(node, p.DBSubnetGroupName, ['AWS::RDS::DBSubnetGroup'], ['DBSubnetGroupName'])[0];
  if (!group) return NagRuleCompliance.NON_COMPLIANT;
  const ids = list(scan.props(group).SubnetIds);
  if (ids.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  const allPrivate = ids.every((id) => {
    const subnet = scan.refTargetsOfType(group, id, 'AWS::EC2::Subnet')[0];
    return subnet !== undefined && isPrivateSubnet(scan, subnet);
  });
  return allPrivate ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseUnreachableFromInternet: HardenedRule = {
  control: 'NET-4',
  name: 'DatabaseUnreachableFromInternet',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'NET-4: the database instance is publicly accessible or its subnet group has subnets that are not private (tier data, or at least not public).',
  explanation: 'The database must be unreachable from the internet whatever its security groups say.',
  check,
};
