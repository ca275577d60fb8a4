import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { responders } from './guardduty';
import { allowing, functionStatements } from './iam';
import { joinedText, oneOrMany } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Whether an IAM Resource entry designates WAF IP sets (an IP set of the app, or an ipset ARN). */
export function isIpSetResource(scan: Scan, consumer: CfnResource, resource: unknown): boolean {
  if (scan.refTargetsOfType(consumer, resource, 'AWS::WAFv2::IPSet').length > 0) return true;
  const text = joinedText(resource) ?? '';
  return /^arn:[^:]*:wafv2:[^:]*:[^:]*:(regional|global)\/ipset\/.+/.test(text);
}

/**
 * MON-4: the blocker (a Lambda function GuardDuty findings are routed to) may update WAF IP sets,
 * and only IP sets: every statement granting `wafv2:UpdateIPSet` names IP set ARNs, never `*`.
 * Not applicable to functions that are not GuardDuty responders.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!responders(scan).includes(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const grants = allowing(functionStatements(scan, node), 'wafv2:UpdateIPSet');
  if (grants.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  const scoped = grants.every((s) => {
    const resources = oneOrMany(s.Resource);
    return resources.length > 0 && resources.every((r) => isIpSetResource(scan, node, r));
  });
  return scoped ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const BlockerScopedToIpSets: HardenedRule = {
  control: 'MON-4',
  name: 'BlockerScopedToIpSets',
  resourceTypes: ['AWS::Lambda::Function'],
  info: 'MON-4: the GuardDuty responder cannot update WAF IP sets, or may update them with Resource "*".',
  explanation: 'The blocker may change the IP sets it maintains and nothing else.',
  check,
};
