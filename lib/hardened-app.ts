import { App, Stage, Tags } from 'aws-cdk-lib';
import { useManagedPolicies } from './aspects/managed-policies';
import { HardenedConfig } from './config/types';
import { AuditStack } from './stacks/audit-stack';
import { NetworkStack } from './stacks/network-stack';

/** Every stack of one deployment, typed, for wiring and for tests. */
export interface HardenedStacks {
  readonly audit: AuditStack;
  readonly network: NetworkStack;
}

/**
 * Builds all stacks of both regions from one validated configuration. Stack names carry the
 * project name; construct ids of stateful resources are stable (renaming one replaces it).
 */
export function buildHardenedStacks(scope: App | Stage, config: HardenedConfig): HardenedStacks {
  const primary = { account: config.account, region: config.primaryRegion };
  const name = (part: string) => `${pascal(config.projectName)}-${part}`;

  const audit = new AuditStack(scope, name('Audit'), {
    env: primary,
    config,
    description: 'hardened-stack: immutable log archive and CloudTrail (LOG-1, LOG-2)',
    terminationProtection: true,
  });
  const network = new NetworkStack(scope, name('Network'), {
    env: primary,
    config,
    logArchive: audit.logArchive,
    description: 'hardened-stack: VPC tiers and Network Firewall (NET-1..4, NET-6, NET-7, LOG-4)',
    terminationProtection: true,
  });

  for (const stack of [audit, network]) {
    useManagedPolicies(stack);
    Tags.of(stack).add('hardened:project', config.projectName);
    Tags.of(stack).add('hardened:environment', config.environment);
  }
  return { audit, network };
}

function pascal(s: string): string {
  return s.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
