/** Reading AWS::NetworkFirewall::FirewallPolicy and its rule groups (NET-1, NET-2, NET-6). */
import { CfnResource } from 'aws-cdk-lib';
import { isObject, joinedText, list, stringList } from '../../engine/values';
import { Scan } from '../../engine/scan';

export const FIREWALL_POLICY = 'AWS::NetworkFirewall::FirewallPolicy';
export const RULE_GROUP = 'AWS::NetworkFirewall::RuleGroup';
export const FIREWALL = 'AWS::NetworkFirewall::Firewall';

/**
 * Stateful default actions that drop what no rule allowed; the application-layer variants wait for
 * the TLS ClientHello / HTTP request before dropping (the `_to_server` one never drops replies).
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
 */
export const DROPPING_DEFAULTS = ['aws:drop_established', 'aws:drop_strict', 'aws:drop_established_app_layer', 'aws:drop_established_app_layer_to_server'];

/** The `FirewallPolicy` property of a policy resource, or undefined. */
export function policyOf(scan: Scan, node: CfnResource): Record<string, any> | undefined {
  const policy = scan.props(node).FirewallPolicy;
  return isObject(policy) ? policy : undefined;
}

/** Whether the policy drops, by default, every established flow no rule passed. */
export function dropsByDefault(policy: Record<string, any>): boolean {
  return stringList(policy.StatefulDefaultActions).some((a) => DROPPING_DEFAULTS.includes(a));
}

export interface StatefulReference {
  /** The ARN as text (parts unknown at synth time replaced, see `joinedText`). */
  readonly arnText: string;
  /** The rule groups of the app it designates (by reference or literal ARN). */
  readonly groups: CfnResource[];
  /** `Override.Action` of the reference (`DROP_TO_ALERT` turns drops into alerts). */
  readonly overrideAction?: string;
}

/** The policy's stateful rule group references, with the app's rule groups they designate. */
export function statefulReferences(scan: Scan, node: CfnResource, policy: Record<string, any>): StatefulReference[] {
  return list(policy.StatefulRuleGroupReferences)
    .filter(isObject)
    .map((ref) => ({
      arnText: joinedText(ref.ResourceArn) ?? '',
      groups: scan.designatedResources(node, ref.ResourceArn, [RULE_GROUP], ['RuleGroupName']),
      overrideAction: isObject(ref.Override) && typeof ref.Override.Action === 'string' ? ref.Override.Action : undefined,
    }));
}

/** Whether the ARN is one of AWS's managed stateful rule groups (threat signatures, domain lists). */
export function isAwsManagedStatefulGroup(arnText: string): boolean {
  return /^arn:[^:]*:network-firewall:[^:]*:aws-managed:stateful-rulegroup\/.+/.test(arnText);
}

/** The Suricata rules of a stateful rule group as lines of text (unknown parts replaced). */
export function suricataLines(scan: Scan, group: CfnResource): string[] {
  const source = scan.props(group).RuleGroup?.RulesSource;
  const text = isObject(source) ? joinedText(source.RulesString) : undefined;
  return text === undefined ? [] : text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** Whether a rule group is stateful and has at least one rule that drops or rejects. */
export function ruleGroupDrops(scan: Scan, group: CfnResource): boolean {
  const p = scan.props(group);
  if (p.Type !== 'STATEFUL') return false;
  if (suricataLines(scan, group).some((l) => /^(drop|reject|rejectsrc|rejectdst|rejectboth)\s/i.test(l))) return true;
  const structured = list(p.RuleGroup?.RulesSource?.StatefulRules);
  return structured.some((r) => isObject(r) && (r.Action === 'DROP' || r.Action === 'REJECT'));
}

/** Whether a rule group is stateful and has at least one rule that passes traffic. */
export function ruleGroupPasses(scan: Scan, group: CfnResource): boolean {
  const p = scan.props(group);
  if (p.Type !== 'STATEFUL') return false;
  if (suricataLines(scan, group).some((l) => /^pass\s/i.test(l))) return true;
  if (isObject(p.RuleGroup?.RulesSource?.RulesSourceList) && p.RuleGroup.RulesSource.RulesSourceList.GeneratedRulesType === 'ALLOWLIST') return true;
  return list(p.RuleGroup?.RulesSource?.StatefulRules).some((r) => isObject(r) && r.Action === 'PASS');
}
