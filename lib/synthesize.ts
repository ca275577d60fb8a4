import { App } from 'aws-cdk-lib';
import { HardenedConfig } from './config/types';
import { buildHardenedStacks, HardenedStacks } from './hardened-app';
import { registerRulePacks } from './nag/register';

export interface SynthesizeOptions {
  /** CDK context (feature flags, pinned AZs); normally `cdk.json`'s. */
  readonly context: Record<string, unknown>;
  readonly outdir: string;
  /** Register the rule packs (findings then fail synthesis). @default true */
  readonly rulePacks?: boolean;
}

/**
 * Builds and synthesizes the whole app in-process, the way `bin/` does, for tests and benchmarks.
 * Throws when a rule pack reports a finding (the validation report is still written).
 */
export function synthesizeApp(config: HardenedConfig, options: SynthesizeOptions): { app: App; stacks: HardenedStacks } {
  const app = new App({ context: options.context, outdir: options.outdir });
  const stacks = buildHardenedStacks(app, config);
  if (options.rulePacks ?? true) registerRulePacks(app);
  app.synth();
  return { app, stacks };
}
