import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { WEB_ACL, alternativesOf, webAclRules } from './waf';
import { has } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * WEB-6: a web ACL that blocks by default (whole-site source-IP restriction) has a rule that
 * allows the sources of an IP set; otherwise the site would answer nobody. Not applicable to a
 * web ACL that allows by default.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!has(scan.props(node).DefaultAction, 'Block')) return NagRuleCompliance.NOT_APPLICABLE;
  const allows = webAclRules(scan, node).some(
    (r) => has(r.Action, 'Allow') && alternativesOf(r.Statement).some((s) => has(s, 'IPSetReferenceStatement')),
  );
  return allows ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const SiteAllowlistWellFormed: HardenedRule = {
  control: 'WEB-6',
  name: 'SiteAllowlistWellFormed',
  resourceTypes: [WEB_ACL],
  info: 'WEB-6: the web ACL blocks by default but has no rule allowing an IP set.',
  explanation: 'A whole-site source-IP restriction must admit the allowlisted addresses, or the site answers nobody.',
  check,
};
