import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { joinedText, oneOrMany, refTargetsOfType } from '../support';
import { responders } from './guardduty';
import { allowing, functionStatements } from './iam';

/** Whether an IAM Resource entry designates WAF IP sets (an IP set of the app, or an ipset ARN). */
export function isIpSetResource(consumer: CfnResource, resource: unknown): boolean {
  if (refTargetsOfType(consumer, resource, 'AWS::WAFv2::IPSet').length > 0) return true;
  const text = joinedText(resource) ?? '';
  return /^arn:[^:]*:wafv2:[^:]*:[^:]*:(regional|global)\/ipset\/.+/.test(text);
}

/**
 * MON-4: the blocker (a Lambda function GuardDuty findings are routed to) may update WAF IP sets,
 * and only IP sets: every statement granting `wafv2:UpdateIPSet` names IP set ARNs, never `*`.
 * Not applicable to functions that are not GuardDuty responders.
 */
export function BlockerScopedToIpSets(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::Lambda::Function' || !responders(node).includes(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const grants = allowing(functionStatements(node), 'wafv2:UpdateIPSet');
  if (grants.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  const scoped = grants.every((s) => {
    const resources = oneOrMany(s.Resource);
    return resources.length > 0 && resources.every((r) => isIpSetResource(node, r));
  });
  return scoped ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
