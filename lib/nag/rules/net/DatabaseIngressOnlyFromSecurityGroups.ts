import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, isObject, list, props, refTargetsOfType, refersTo } from '../support';

const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';

/** An ingress rule that admits only another security group (no CIDR, no prefix list). */
function bySecurityGroupOnly(rule: Record<string, any>): boolean {
  return (
    rule.CidrIp === undefined &&
    rule.CidrIpv6 === undefined &&
    rule.SourcePrefixListId === undefined &&
    (rule.SourceSecurityGroupId !== undefined || rule.SourceSecurityGroupName !== undefined)
  );
}

/**
 * NET-4: a database instance is reachable only from other security groups (the app tier), never
 * from an address range. Every security group of the instance must be a resource of the app, and
 * its inline ingress and its AWS::EC2::SecurityGroupIngress rules must name a source security group.
 */
export function DatabaseIngressOnlyFromSecurityGroups(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::RDS::DBInstance') return NagRuleCompliance.NOT_APPLICABLE;
  const ids = list(props(node).VPCSecurityGroups);
  if (ids.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  for (const id of ids) {
    const sg = refTargetsOfType(node, id, SECURITY_GROUP)[0];
    if (!sg) return NagRuleCompliance.NON_COMPLIANT;
    const inline = list(props(sg).SecurityGroupIngress).filter(isObject);
    const separate = appResources(node, 'AWS::EC2::SecurityGroupIngress')
      .filter((i) => refersTo(i, props(i).GroupId, sg))
      .map(props);
    if (![...inline, ...separate].every(bySecurityGroupOnly)) return NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.COMPLIANT;
}
