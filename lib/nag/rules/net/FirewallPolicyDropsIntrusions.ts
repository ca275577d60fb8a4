import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL_POLICY, policyOf, ruleGroupDrops, statefulReferences } from './firewall-policy';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * NET-2: the policy runs the project's own intrusion prevention, not only detection and not only
 * AWS's: it references a stateful rule group of the app with at least one `drop`/`reject` rule,
 * and that reference is not overridden to `DROP_TO_ALERT`. AWS managed threat-signature groups
 * are welcome next to it but do not replace it: their content changes without review, and the
 * project's signatures (the web tier's known attacks, callbacks out of the VPC) are in no managed
 * group.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const policy = policyOf(scan, node);
  if (!policy) return NagRuleCompliance.NON_COMPLIANT;
  const prevents = statefulReferences(scan, node, policy).some((ref) => ref.overrideAction !== 'DROP_TO_ALERT' && ref.groups.some((r) => ruleGroupDrops(scan, r)));
  return prevents ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const FirewallPolicyDropsIntrusions: HardenedRule = {
  control: 'NET-2',
  name: 'FirewallPolicyDropsIntrusions',
  resourceTypes: [FIREWALL_POLICY],
  info: "NET-2: the firewall policy references none of the app's own stateful rule groups with drop/reject rules (not overridden to alert); AWS managed groups alone do not count.",
  explanation: 'Intrusion prevention means matching traffic is dropped, not only logged, by signatures the project reviews; managed groups change without review and lack the project signatures.',
  check,
};
