import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

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
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const ids = list(scan.props(node).VPCSecurityGroups);
  if (ids.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  for (const id of ids) {
    const sg = scan.refTargetsOfType(node, id, SECURITY_GROUP)[0];
    if (!sg) return NagRuleCompliance.NON_COMPLIANT;
    const inline = list(scan.props(sg).SecurityGroupIngress).filter(isObject);
    const separate = scan.resources('AWS::EC2::SecurityGroupIngress')
      .filter((i) => scan.refersTo(i, scan.props(i).GroupId, sg))
      .map((r) => scan.props(r));
    if (![...inline, ...separate].every(bySecurityGroupOnly)) return NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.COMPLIANT;
}

export const DatabaseIngressOnlyFromSecurityGroups: HardenedRule = {
  control: 'NET-4',
  name: 'DatabaseIngressOnlyFromSecurityGroups',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'NET-4: a security group of the database admits an address range (CidrIp, CidrIpv6, prefix list) instead of a source security group.',
  explanation: 'The database is reachable only from the app tier; address ranges admit whatever else lives in them.',
  check,
};
