import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL_POLICY, policyOf, ruleGroupDrops, ruleGroupPasses, statefulReferences } from './firewall-policy';
import { isObject, list, literalNumber } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * NET-2: in strict order the engine evaluates rule groups by priority, lowest first, and the first
 * pass or drop that matches decides the flow. The app's dropping (IPS) groups must therefore come
 * before every app group that passes traffic; behind the pass rules the signatures never see the
 * flows those rules allow.
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
 * Not applicable to a policy without both kinds of group.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const policy = policyOf(scan, node);
  if (!policy) return NagRuleCompliance.NOT_APPLICABLE;
  const raw = list(scan.props(node).FirewallPolicy?.StatefulRuleGroupReferences).filter(isObject);
  const refs = statefulReferences(scan, node, policy).map((ref, i) => ({ ...ref, priority: literalNumber(raw[i]?.Priority) }));
  const drops = refs.filter((r) => r.overrideAction !== 'DROP_TO_ALERT' && r.groups.some((r) => ruleGroupDrops(scan, r)));
  const passes = refs.filter((r) => r.groups.some((r) => ruleGroupPasses(scan, r)));
  if (drops.length === 0 || passes.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  if ([...drops, ...passes].some((r) => r.priority === undefined)) return NagRuleCompliance.NON_COMPLIANT;
  const firstPass = Math.min(...passes.map((r) => r.priority!));
  return drops.every((r) => r.priority! < firstPass) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const IntrusionDropsPrecedePasses: HardenedRule = {
  control: 'NET-2',
  name: 'IntrusionDropsPrecedePasses',
  resourceTypes: [FIREWALL_POLICY],
  info: "NET-2: an app rule group with drop rules has a higher priority number than a group with pass rules (strict order: the pass wins first).",
  explanation: 'In strict order the first pass or drop that matches decides; signatures behind the pass rules never see the flows those rules allow.',
  check,
};
