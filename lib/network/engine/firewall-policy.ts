/**
 * Reads the Network Firewall policy out of a synthesized CloudFormation template: the stateful rule
 * groups in the order the policy evaluates them, the default actions and HOME_NET, so that the
 * engine harness runs exactly what would be deployed.
 */

export interface PolicyRuleGroup {
  /** The rule group's name (or the managed group's name). */
  readonly name: string;
  readonly priority: number;
  /** Suricata rules as written (empty for AWS-managed groups). */
  readonly rules: readonly string[];
  /** AWS-managed groups: their rules are not published, so the engine cannot load them. */
  readonly managed: boolean;
}

export interface FirewallPolicyModel {
  readonly ruleOrder: string;
  readonly statefulDefaultActions: readonly string[];
  /** Groups in evaluation order (ascending priority). */
  readonly groups: readonly PolicyRuleGroup[];
  /** HOME_NET CIDRs the rule groups declare. */
  readonly homeNet: readonly string[];
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Resolves the few intrinsic forms a rule group's HOME_NET takes in our templates. */
function resolveCidr(value: Json, resources: Record<string, Json>): string {
  if (typeof value === 'string') return value;
  const att = value?.['Fn::GetAtt'];
  if (Array.isArray(att) && att[1] === 'CidrBlock' && typeof resources[att[0]]?.Properties?.CidrBlock === 'string') {
    return resources[att[0]].Properties.CidrBlock;
  }
  throw new Error(`HOME_NET entry ${JSON.stringify(value)} cannot be resolved offline (expected a CIDR or the VPC's CidrBlock)`);
}

/** The firewall policy of a template (the first one; our stacks hold at most one). */
export function firewallPolicyFromTemplate(template: Json): FirewallPolicyModel | undefined {
  const resources: Record<string, Json> = template.Resources ?? {};
  const policyEntry = Object.values(resources).find((r) => r.Type === 'AWS::NetworkFirewall::FirewallPolicy');
  if (!policyEntry) return undefined;
  const policy = policyEntry.Properties.FirewallPolicy;
  const homeNet = new Set<string>();
  const groups: PolicyRuleGroup[] = (policy.StatefulRuleGroupReferences ?? []).map((ref: Json) => {
    const arn = ref.ResourceArn;
    const att = arn?.['Fn::GetAtt'];
    if (Array.isArray(att)) {
      const group = resources[att[0]];
      const body = group.Properties.RuleGroup;
      const rulesString = body.RulesSource?.RulesString;
      if (typeof rulesString !== 'string') throw new Error(`rule group ${att[0]}: only RulesString rule groups are supported by the harness`);
      for (const cidr of body.RuleVariables?.IPSets?.HOME_NET?.Definition ?? []) homeNet.add(resolveCidr(cidr, resources));
      return { name: String(group.Properties.RuleGroupName ?? att[0]), priority: Number(ref.Priority), rules: rulesString.split('\n').filter((l: string) => l.trim() && !l.trim().startsWith('#')), managed: false };
    }
    const managed = /stateful-rulegroup\/([A-Za-z0-9]+)/.exec(JSON.stringify(arn));
    if (!managed) throw new Error(`stateful rule group reference ${JSON.stringify(arn)} is neither a rule group of this template nor an AWS-managed group`);
    return { name: managed[1], priority: Number(ref.Priority), rules: [], managed: true };
  });
  groups.sort((a, b) => a.priority - b.priority);
  return {
    ruleOrder: policy.StatefulEngineOptions?.RuleOrder ?? 'DEFAULT_ACTION_ORDER',
    statefulDefaultActions: policy.StatefulDefaultActions ?? [],
    groups,
    homeNet: [...homeNet],
  };
}
