import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL_POLICY, policyOf, ruleGroupDrops, statefulReferences } from './firewall-policy';

/**
 * NET-2: the policy runs the project's own intrusion prevention, not only detection and not only
 * AWS's: it references a stateful rule group of the app with at least one `drop`/`reject` rule,
 * and that reference is not overridden to `DROP_TO_ALERT`. AWS managed threat-signature groups
 * are welcome next to it but do not replace it: their content changes without review, and the
 * project's signatures (the web tier's known attacks, callbacks out of the VPC) are in no managed
 * group.
 */
export function FirewallPolicyDropsIntrusions(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== FIREWALL_POLICY) return NagRuleCompliance.NOT_APPLICABLE;
  const policy = policyOf(node);
  if (!policy) return NagRuleCompliance.NON_COMPLIANT;
  const prevents = statefulReferences(node, policy).some((ref) => ref.overrideAction !== 'DROP_TO_ALERT' && ref.groups.some(ruleGroupDrops));
  return prevents ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
