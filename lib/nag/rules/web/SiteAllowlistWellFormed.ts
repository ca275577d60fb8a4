import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { has, props } from '../support';
import { WEB_ACL, alternativesOf, webAclRules } from './waf';

/**
 * WEB-6: a web ACL that blocks by default (whole-site source-IP restriction) has a rule that
 * allows the sources of an IP set; otherwise the site would answer nobody. Not applicable to a
 * web ACL that allows by default.
 */
export function SiteAllowlistWellFormed(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== WEB_ACL) return NagRuleCompliance.NOT_APPLICABLE;
  if (!has(props(node).DefaultAction, 'Block')) return NagRuleCompliance.NOT_APPLICABLE;
  const allows = webAclRules(node).some(
    (r) => has(r.Action, 'Allow') && alternativesOf(r.Statement).some((s) => has(s, 'IPSetReferenceStatement')),
  );
  return allows ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
