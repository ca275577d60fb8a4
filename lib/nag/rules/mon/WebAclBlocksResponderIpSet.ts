import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { has, oneOrMany, refTargetsOfType } from '../support';
import { alternativesOf, webAclRules } from '../web/waf';
import { responders } from './guardduty';
import { allowing, functionStatements } from './iam';

/**
 * MON-4: what the blocker writes is enforced: the web ACL has a blocking rule on an IP set of the
 * app that a GuardDuty responder is allowed to update (`wafv2:UpdateIPSet` on that IP set).
 */
export function WebAclBlocksResponderIpSet(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NagRuleCompliance.NOT_APPLICABLE;
  const blocked = webAclRules(node)
    .filter((r) => has(r.Action, 'Block'))
    .flatMap((r) => alternativesOf(r.Statement))
    .flatMap((s) => refTargetsOfType(node, s.IPSetReferenceStatement?.Arn, 'AWS::WAFv2::IPSet'));
  const writable = responders(node).flatMap((fn) =>
    allowing(functionStatements(fn), 'wafv2:UpdateIPSet').flatMap((s) => refTargetsOfType(fn, oneOrMany(s.Resource), 'AWS::WAFv2::IPSet')),
  );
  return blocked.some((ipSet) => writable.includes(ipSet)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
