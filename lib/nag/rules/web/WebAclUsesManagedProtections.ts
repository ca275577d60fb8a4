import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { has, isObject } from '../support';
import { WEB_ACL, webAclRules } from './waf';

/** The AWS managed rule groups every web ACL runs: common exploits (XSS), bad inputs, SQL injection, bad reputation. */
export const REQUIRED_MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

/**
 * WEB-1: every web ACL runs the AWS managed rule groups against common exploits, known bad
 * inputs, SQL injection and bad-reputation addresses, in blocking mode (override action None, not Count).
 */
export function WebAclUsesManagedProtections(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== WEB_ACL) return NagRuleCompliance.NOT_APPLICABLE;
  const blocking = new Set(
    webAclRules(node)
      .filter((r) => !has(r.OverrideAction, 'Count'))
      .map((r) => r.Statement?.ManagedRuleGroupStatement)
      .filter((m) => isObject(m) && m.VendorName === 'AWS')
      .map((m) => m.Name),
  );
  return REQUIRED_MANAGED_RULE_GROUPS.every((name) => blocking.has(name)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
