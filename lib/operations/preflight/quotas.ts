import { DescribeAddressesCommand, DescribeNatGatewaysCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ListFirewallsCommand } from '@aws-sdk/client-network-firewall';
import { GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import type { HardenedConfig } from '../../config/types';
import { Check, CheckResult, fail, pass, warn } from '../check';
import { PreflightContext } from './context';

/**
 * Regional quotas a fresh account meets first. Codes and defaults from the Service Quotas console
 * and https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html,
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/quotas.html.
 */
export interface QuotaSpec {
  readonly check: string;
  readonly serviceCode: string;
  readonly quotaCode?: string;
  /** The documented default, used when Service Quotas cannot tell. */
  readonly defaultValue: number;
  /** Per availability zone rather than per region. */
  readonly perZone?: boolean;
}

export const QUOTAS = {
  vpcs: { check: 'quota: VPCs', serviceCode: 'vpc', quotaCode: 'L-F678F1CE', defaultValue: 5 },
  natGateways: { check: 'quota: NAT gateways', serviceCode: 'vpc', quotaCode: 'L-FE5A380F', defaultValue: 5, perZone: true },
  elasticIps: { check: 'quota: Elastic IPs', serviceCode: 'ec2', quotaCode: 'L-0263D0A3', defaultValue: 5 },
  firewalls: { check: 'quota: firewalls', serviceCode: 'network-firewall', defaultValue: 5 },
} as const satisfies Record<string, QuotaSpec>;

export interface QuotaFacts {
  readonly spec: QuotaSpec;
  /** The applied quota, undefined when Service Quotas does not know it (default assumed). */
  readonly quota?: number;
  /** In use now (per zone: in the fullest zone the stack uses). */
  readonly inUse: number;
  /** What the deployment adds (0 when its stack already exists). */
  readonly needed: number;
}

export function evaluateQuota(facts: QuotaFacts, region: string): CheckResult {
  const limit = facts.quota ?? facts.spec.defaultValue;
  const unit = facts.spec.perZone ? ' per zone' : '';
  const detail = `${facts.inUse} in use + ${facts.needed} needed${unit}, quota ${limit}${facts.quota === undefined ? ' (documented default; Service Quotas did not say)' : ''}`;
  if (facts.inUse + facts.needed > limit) {
    return fail(facts.spec.check, detail, `Request an increase in Service Quotas (${facts.spec.serviceCode}${facts.spec.quotaCode ? ` ${facts.spec.quotaCode}` : ''}, ${region}) or release unused ones.`, region);
  }
  if (facts.quota === undefined && facts.needed > 0 && facts.inUse + facts.needed > limit - 1) {
    return warn(facts.spec.check, detail, `Confirm the applied quota in Service Quotas (${facts.spec.serviceCode}, ${region}); new accounts can have less than the default.`, region);
  }
  return pass(facts.spec.check, detail, region);
}

/** What each region gets from the stacks: the primary VPC has a NAT gateway (and its address) per zone and the firewall. */
export function neededPerRegion(config: HardenedConfig, primary: boolean, alreadyDeployed: boolean): Record<keyof typeof QUOTAS, number> {
  if (alreadyDeployed) return { vpcs: 0, natGateways: 0, elasticIps: 0, firewalls: 0 };
  return primary ? { vpcs: 1, natGateways: 1, elasticIps: config.network.maxAzs, firewalls: 1 } : { vpcs: 1, natGateways: 0, elasticIps: 0, firewalls: 0 };
}

export const quotasCheck: Check<PreflightContext> = {
  name: 'quotas',
  async run({ config, clients, deployment }) {
    const results: CheckResult[] = [];
    for (const region of [config.primaryRegion, config.drRegion]) {
      const primary = region === config.primaryRegion;
      const needed = neededPerRegion(config, primary, await deployment.deployed(primary ? 'Network' : 'Dr'));
      const quota = async (spec: QuotaSpec): Promise<number | undefined> => {
        if (!spec.quotaCode) return undefined;
        try {
          const out = await clients.client('servicequotas', region).send(new GetServiceQuotaCommand({ ServiceCode: spec.serviceCode, QuotaCode: spec.quotaCode }));
          return out.Quota?.Value;
        } catch {
          return undefined;
        }
      };
      const ec2 = clients.client('ec2', region);
      const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
      results.push(evaluateQuota({ spec: QUOTAS.vpcs, quota: await quota(QUOTAS.vpcs), inUse: vpcs.length, needed: needed.vpcs }, region));
      const addresses = (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
      results.push(evaluateQuota({ spec: QUOTAS.elasticIps, quota: await quota(QUOTAS.elasticIps), inUse: addresses.length, needed: needed.elasticIps }, region));
      if (primary) {
        const nats = ((await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'state', Values: ['pending', 'available'] }] }))).NatGateways ?? []);
        const subnetIds = [...new Set(nats.map((n) => n.SubnetId!).filter(Boolean))];
        const subnets = subnetIds.length ? ((await ec2.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds }))).Subnets ?? []) : [];
        const zoneOf = new Map(subnets.map((s) => [s.SubnetId!, s.AvailabilityZone!]));
        const perZone = new Map<string, number>();
        for (const n of nats) perZone.set(zoneOf.get(n.SubnetId!) ?? '?', (perZone.get(zoneOf.get(n.SubnetId!) ?? '?') ?? 0) + 1);
        results.push(evaluateQuota({ spec: QUOTAS.natGateways, quota: await quota(QUOTAS.natGateways), inUse: Math.max(0, ...perZone.values()), needed: needed.natGateways }, region));
        const firewalls = (await clients.client('networkfirewall', region).send(new ListFirewallsCommand({}))).Firewalls ?? [];
        results.push(evaluateQuota({ spec: QUOTAS.firewalls, inUse: firewalls.length, needed: needed.firewalls }, region));
      }
    }
    return results;
  },
};
