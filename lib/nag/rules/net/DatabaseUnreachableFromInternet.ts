import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { designatedResources, isTrue, list, props, refTargetsOfType, subnetTier, tagsOf } from '../support';

/** A subnet the database may sit in: tagged `data`, or at least neither public nor a firewall subnet. */
function isPrivateSubnet(subnet: CfnResource): boolean {
  const tier = subnetTier(subnet);
  if (tier === 'data') return true;
  if (tier === 'public' || tier === 'firewall') return false;
  return !isTrue(props(subnet).MapPublicIpOnLaunch) && tagsOf(subnet)['aws-cdk:subnet-type'] !== 'Public';
}

/**
 * NET-4: a database instance (primary or replica) is not publicly accessible and sits in a DB
 * subnet group whose subnets are all private: tagged `hardened:tier` = `data`, or at least not
 * public. An instance without a subnet group (default VPC) or with subnets outside the app is reported.
 */
export function DatabaseUnreachableFromInternet(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::RDS::DBInstance') return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  if (isTrue(p.PubliclyAccessible)) return NagRuleCompliance.NON_COMPLIANT;
  const group = designatedResources(node, p.DBSubnetGroupName, ['AWS::RDS::DBSubnetGroup'], ['DBSubnetGroupName'])[0];
  if (!group) return NagRuleCompliance.NON_COMPLIANT;
  const ids = list(props(group).SubnetIds);
  if (ids.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  const allPrivate = ids.every((id) => {
    const subnet = refTargetsOfType(group, id, 'AWS::EC2::Subnet')[0];
    return subnet !== undefined && isPrivateSubnet(subnet);
  });
  return allPrivate ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
