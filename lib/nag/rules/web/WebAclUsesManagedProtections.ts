import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { WEB_ACL, webAclRules } from './waf';
import { has, isObject } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

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
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const blocking = new Set(
    webAclRules(scan, node)
      .filter((r) => !has(r.OverrideAction, 'Count'))
      .map((r) => r.Statement?.ManagedRuleGroupStatement)
      .filter((m) => isObject(m) && m.VendorName === 'AWS')
      .map((m) => m.Name),
  );
  return REQUIRED_MANAGED_RULE_GROUPS.every((name) => blocking.has(name)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const WebAclUsesManagedProtections: HardenedRule = {
  control: 'WEB-1',
  name: 'WebAclUsesManagedProtections',
  resourceTypes: [WEB_ACL],
  info: 'WEB-1: the web ACL lacks one of the AWS managed rule groups CommonRuleSet, KnownBadInputsRuleSet, SQLiRuleSet, AmazonIpReputationList in blocking mode.',
  explanation: 'These groups block XSS, SQL injection, known bad inputs and bad-reputation addresses; in Count mode they block nothing.',
  check,
};
