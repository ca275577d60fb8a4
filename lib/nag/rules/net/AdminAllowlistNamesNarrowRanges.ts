import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { ALLOWLIST_MIN_PREFIX } from '../../../config/validate';
import { has, isObject, list, props, refTargetsOfType, stringList } from '../support';

/** The widest range accepted as "a registered place" in an admin allowlist: the configuration's floor. */
export const MIN_ADMIN_PREFIX = ALLOWLIST_MIN_PREFIX;

/** IP sets a rule exempts from its block (`NOT IPSetReferenceStatement`), anywhere in its statement. */
function exemptedIpSetArns(statement: unknown, negated = false): unknown[] {
  if (!isObject(statement)) return [];
  const out: unknown[] = [];
  if (negated && isObject(statement.IPSetReferenceStatement)) out.push(statement.IPSetReferenceStatement.Arn);
  if (isObject(statement.NotStatement)) out.push(...exemptedIpSetArns(statement.NotStatement.Statement, !negated));
  for (const key of ['AndStatement', 'OrStatement']) {
    if (isObject(statement[key])) for (const s of list(statement[key].Statements)) out.push(...exemptedIpSetArns(s, negated));
  }
  return out;
}

/**
 * NET-5: the addresses a blocking rule exempts (the admin allowlist: "block admin paths unless the
 * source is in this IP set") are registered places, not the internet: no IPv4 range wider than /16
 * and no IPv6 range wider than /48. WAF refuses /0, so "everyone" is written as two /1s, which
 * this rule refuses too.
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-ip-set-managing.html
 */
export function AdminAllowlistNamesNarrowRanges(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NagRuleCompliance.NOT_APPLICABLE;
  const blocking = list(props(node).Rules).filter((r) => isObject(r) && has(r.Action, 'Block'));
  const sets = blocking.flatMap((r) => exemptedIpSetArns(r.Statement)).flatMap((arn) => refTargetsOfType(node, arn, 'AWS::WAFv2::IPSet'));
  if (sets.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const wide = sets.some((set) => {
    const version = props(set).IPAddressVersion === 'IPV6' ? 'IPV6' : 'IPV4';
    return stringList(props(set).Addresses).some((a) => {
      const prefix = Number(a.split('/')[1] ?? (version === 'IPV6' ? 128 : 32));
      return !Number.isFinite(prefix) || prefix < MIN_ADMIN_PREFIX[version];
    });
  });
  return wide ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
