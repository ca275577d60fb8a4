import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { ALLOWLIST_MIN_PREFIX } from '../../../core/allowlist-floor';
import { has, isObject, list, stringList } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

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
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const blocking = list(scan.props(node).Rules).filter((r) => isObject(r) && has(r.Action, 'Block'));
  const sets = blocking.flatMap((r) => exemptedIpSetArns(r.Statement)).flatMap((arn) => scan.refTargetsOfType(node, arn, 'AWS::WAFv2::IPSet'));
  if (sets.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const wide = sets.some((set) => {
    const version = scan.props(set).IPAddressVersion === 'IPV6' ? 'IPV6' : 'IPV4';
    return stringList(scan.props(set).Addresses).some((a) => {
      const prefix = Number(a.split('/')[1] ?? (version === 'IPV6' ? 128 : 32));
      return !Number.isFinite(prefix) || prefix < ALLOWLIST_MIN_PREFIX[version];
    });
  });
  return wide ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

export const AdminAllowlistNamesNarrowRanges: HardenedRule = {
  control: 'NET-5',
  name: 'AdminAllowlistNamesNarrowRanges',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'NET-5: an IP set a blocking rule exempts (the admin allowlist) holds a range wider than /16 (IPv4) or /48 (IPv6).',
  explanation: 'An allowlist of registered places that admits half the internet restricts nothing.',
  check,
};
