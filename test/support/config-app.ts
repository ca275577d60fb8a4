import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { deepMerge } from '../../lib/config/load';
import { HardenedConfig } from '../../lib/config/types';
import { formatProblem, validateConfig } from '../../lib/config/validate';
import { HardenedStacks, buildHardenedStacks } from '../../lib/hardened-app';
import { standInApp } from './context';

/** A hosted zone and the names the configuration-variant tests use. */
export const TEST_ZONE = { domainName: 'app.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' } as const;

/** What patterns 2 and 3 need on top of the default (a CA bundle; pattern 3 also a site allowlist). */
export function patternOverride(pattern: 0 | 1 | 2 | 3): Record<string, unknown> {
  return {
    edge: {
      authPattern: pattern,
      ...(pattern >= 2 ? { clientCertificates: { caBundleBucket: 'example-ca-bundle' } } : {}),
      ...(pattern === 3 ? { siteAllowlist: ['198.51.100.0/24', '2001:db8::/48'] } : {}),
    },
  };
}

/**
 * Every stack of one configuration (the default with `override` merged over it, validated like
 * `cdk synth` does), built in a tree-only app: no bundling, no rule packs. Templates on demand.
 */
export function buildWith(override: unknown): { config: HardenedConfig; stacks: HardenedStacks; template: (stack: keyof HardenedStacks) => any } {
  const config = deepMerge(DEFAULT_CONFIG, override) as HardenedConfig;
  const problems = validateConfig(config);
  if (problems.length > 0) throw new Error(`test configuration is invalid:\n${problems.map(formatProblem).join('\n')}`);
  const app = standInApp();
  const stacks = buildHardenedStacks(app, config);
  // One synthesis of the whole app for every template asked for: `Template.fromStack` would
  // synthesize the whole app again for each stack.
  let assembly: CloudAssembly | undefined;
  const template = (stack: keyof HardenedStacks) => {
    assembly ??= app.synth();
    return assembly.getStackArtifact(stacks[stack].artifactId).template;
  };
  return { config, stacks, template };
}

export function resourcesOf(template: any, type: string): Array<[string, any]> {
  return Object.entries<any>(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}
