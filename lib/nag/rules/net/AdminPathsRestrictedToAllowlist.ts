import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { WEB_ACL, webAclRules } from '../web/waf';
import { has, isObject, list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** A ByteMatchStatement on the URI path with STARTS_WITH. */
function isPathPrefixMatch(statement: unknown): boolean {
  if (!isObject(statement)) return false;
  const byteMatch = statement.ByteMatchStatement;
  if (isObject(byteMatch)) return has(byteMatch.FieldToMatch, 'UriPath') && byteMatch.PositionalConstraint === 'STARTS_WITH';
  const alternatives = list(statement.OrStatement?.Statements);
  return alternatives.length > 0 && alternatives.every(isPathPrefixMatch);
}

/** NOT (source IP in an IP set). */
function isNotInIpSet(statement: unknown): boolean {
  return isObject(statement) && has(statement.NotStatement?.Statement, 'IPSetReferenceStatement');
}

/**
 * NET-5: admin paths answer only registered addresses. The web ACL has a blocking rule
 * `AND(path starts with <prefix> [OR …], NOT(source IP in <admin IP set>))`.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const restricted = webAclRules(scan, node).some((rule) => {
    if (!has(rule.Action, 'Block')) return false;
    const parts = list(rule.Statement?.AndStatement?.Statements);
    return parts.some(isPathPrefixMatch) && parts.some(isNotInIpSet);
  });
  return restricted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const AdminPathsRestrictedToAllowlist: HardenedRule = {
  control: 'NET-5',
  name: 'AdminPathsRestrictedToAllowlist',
  resourceTypes: [WEB_ACL],
  info: 'NET-5: the web ACL has no rule blocking admin path prefixes for sources outside the admin IP set.',
  explanation: 'Management paths must answer only registered addresses (seeds S0, S2, S3).',
  check,
};
