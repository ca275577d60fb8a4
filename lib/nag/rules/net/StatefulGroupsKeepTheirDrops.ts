import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL_POLICY, policyOf, statefulReferences } from './firewall-policy';

/**
 * NET-2: no stateful rule group reference of the policy is overridden to `DROP_TO_ALERT`. The
 * override turns every drop of the group (the project's IPS or an AWS managed threat-signature
 * group) into an alert: the firewall then detects what it was meant to prevent. A noisy signature
 * is excluded from its group, not the whole group silenced.
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/nwfw-managed-rule-groups.html
 */
export function StatefulGroupsKeepTheirDrops(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== FIREWALL_POLICY) return NagRuleCompliance.NOT_APPLICABLE;
  const policy = policyOf(node);
  if (!policy) return NagRuleCompliance.NOT_APPLICABLE;
  return statefulReferences(node, policy).some((ref) => ref.overrideAction === 'DROP_TO_ALERT') ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
