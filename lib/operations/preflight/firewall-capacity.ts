import { DescribeRuleGroupCommand } from '@aws-sdk/client-network-firewall';
import { MANAGED_THREAT_SIGNATURE_GROUPS } from '../../network/ips-signatures';
import { Check, CheckResult, fail, pass, warn } from '../check';
import { PreflightContext } from './context';

const CHECK = 'firewall policy capacity';
/**
 * "Maximum number of stateful rules per firewall policy … the total across all rule groups that
 * are referenced by the policy": 30,000 (https://docs.aws.amazon.com/network-firewall/latest/developerguide/quotas.html).
 */
export const POLICY_STATEFUL_LIMIT = 30_000;
/** The stack's own groups: IPS signatures 1,000 + traffic policy 500 (lib/network/inspection-firewall.ts). */
export const OWN_GROUPS_CAPACITY = 1_500;

export interface ManagedGroupCapacity {
  readonly name: string;
  /** Consumed capacity DescribeRuleGroup reports, undefined when it could not be read. */
  readonly consumed?: number;
}

export function managedGroupArn(partition: string, region: string, name: string): string {
  return `arn:${partition}:network-firewall:${region}:aws-managed:stateful-rulegroup/${name}`;
}

export function evaluateFirewallCapacity(groups: readonly ManagedGroupCapacity[], region: string): CheckResult {
  const unknown = groups.filter((g) => g.consumed === undefined).map((g) => g.name);
  const managed = groups.reduce((sum, g) => sum + (g.consumed ?? 0), 0);
  const total = managed + OWN_GROUPS_CAPACITY;
  const detail = `managed groups ${managed} + own groups ${OWN_GROUPS_CAPACITY} = ${total} of ${POLICY_STATEFUL_LIMIT}`;
  if (total > POLICY_STATEFUL_LIMIT) {
    return fail(CHECK, detail, 'Drop a managed threat-signature group from the policy (lib/network/ips-signatures.ts) or lower the own groups\' capacity.', region);
  }
  if (unknown.length > 0) {
    return warn(CHECK, `${detail}; capacity of ${unknown.join(', ')} not readable`, 'Grant network-firewall:DescribeRuleGroup on the aws-managed rule groups, or check them in the console before deploying.', region);
  }
  return pass(CHECK, detail, region);
}

export const firewallCapacityCheck: Check<PreflightContext> = {
  name: CHECK,
  async run({ config, clients }) {
    const region = config.primaryRegion;
    const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    const groups: ManagedGroupCapacity[] = [];
    for (const name of MANAGED_THREAT_SIGNATURE_GROUPS) {
      try {
        const out = await clients.client('networkfirewall', region).send(new DescribeRuleGroupCommand({ RuleGroupArn: managedGroupArn(partition, region, name), Type: 'STATEFUL' }));
        groups.push({ name, consumed: out.RuleGroupResponse?.ConsumedCapacity ?? out.RuleGroupResponse?.Capacity });
      } catch {
        // Not checkable (no permission, or an emulator without the call): a WARN, never a guess.
        groups.push({ name });
      }
    }
    return [evaluateFirewallCapacity(groups, region)] as CheckResult[];
  },
};
