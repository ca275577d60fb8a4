import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL_POLICY, isAwsManagedStatefulGroup, policyOf, ruleGroupDrops, statefulReferences } from './firewall-policy';

/**
 * NET-2: the policy runs intrusion prevention, not only detection. It references a stateful rule
 * group of the app with at least one `drop`/`reject` rule, or an AWS managed stateful rule group
 * (threat signatures, domain lists); a reference overridden to `DROP_TO_ALERT` does not count.
 */
export function FirewallPolicyDropsIntrusions(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== FIREWALL_POLICY) return NagRuleCompliance.NOT_APPLICABLE;
  const policy = policyOf(node);
  if (!policy) return NagRuleCompliance.NON_COMPLIANT;
  const prevents = statefulReferences(node, policy).some(
    (ref) => ref.overrideAction !== 'DROP_TO_ALERT' && (ref.groups.some(ruleGroupDrops) || isAwsManagedStatefulGroup(ref.arnText)),
  );
  return prevents ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
