import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { alternativesOf, webAclRules } from '../web/waf';
import { responders } from './guardduty';
import { allowing, functionStatements } from './iam';
import { has, oneOrMany } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * MON-4: what the blocker writes is enforced: the web ACL has a blocking rule on an IP set of the
 * app that a GuardDuty responder is allowed to update (`wafv2:UpdateIPSet` on that IP set).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const blocked = webAclRules(scan, node)
    .filter((r) => has(r.Action, 'Block'))
    .flatMap((r) => alternativesOf(r.Statement))
    .flatMap((s) => scan.refTargetsOfType(node, s.IPSetReferenceStatement?.Arn, 'AWS::WAFv2::IPSet'));
  const writable = responders(scan).flatMap((fn) =>
    allowing(functionStatements(scan, fn), 'wafv2:UpdateIPSet').flatMap((s) => scan.refTargetsOfType(fn, oneOrMany(s.Resource), 'AWS::WAFv2::IPSet')),
  );
  return blocked.some((ipSet) => writable.includes(ipSet)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const WebAclBlocksResponderIpSet: HardenedRule = {
  control: 'MON-4',
  name: 'WebAclBlocksResponderIpSet',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'MON-4: the web ACL blocks no IP set that the GuardDuty responder maintains.',
  explanation: 'Addresses the blocker writes are blocked only if the web ACL enforces that IP set.',
  check,
};
