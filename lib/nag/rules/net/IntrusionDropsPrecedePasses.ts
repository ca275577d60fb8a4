import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, list, literalNumber, props } from '../support';
import { FIREWALL_POLICY, policyOf, ruleGroupDrops, ruleGroupPasses, statefulReferences } from './firewall-policy';

/**
 * NET-2: in strict order the engine evaluates rule groups by priority, lowest first, and the first
 * pass or drop that matches decides the flow. The app's dropping (IPS) groups must therefore come
 * before every app group that passes traffic; behind the pass rules the signatures never see the
 * flows those rules allow.
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
 * Not applicable to a policy without both kinds of group.
 */
export function IntrusionDropsPrecedePasses(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== FIREWALL_POLICY) return NagRuleCompliance.NOT_APPLICABLE;
  const policy = policyOf(node);
  if (!policy) return NagRuleCompliance.NOT_APPLICABLE;
  const raw = list(props(node).FirewallPolicy?.StatefulRuleGroupReferences).filter(isObject);
  const refs = statefulReferences(node, policy).map((ref, i) => ({ ...ref, priority: literalNumber(raw[i]?.Priority) }));
  const drops = refs.filter((r) => r.overrideAction !== 'DROP_TO_ALERT' && r.groups.some(ruleGroupDrops));
  const passes = refs.filter((r) => r.groups.some(ruleGroupPasses));
  if (drops.length === 0 || passes.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  if ([...drops, ...passes].some((r) => r.priority === undefined)) return NagRuleCompliance.NON_COMPLIANT;
  const firstPass = Math.min(...passes.map((r) => r.priority!));
  return drops.every((r) => r.priority! < firstPass) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
