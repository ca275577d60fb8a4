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

/**
 * An App for a construct tree that is judged or asserted on, never deployed: assets are not
 * bundled and CDK's built-in schema validation (seconds per process) is skipped. The shared
 * default assembly of the tests, `npm run synth` and `npm run report`'s main build keep both.
 */
export function treeOnlyApp(context: Record<string, unknown>, outdir?: string): App {
  return new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] }, outdir, builtinCloudFormationValidation: false });
}
