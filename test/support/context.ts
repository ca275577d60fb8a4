import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { treeOnlyApp } from '../../lib/synthesize';

/**
 * `cdk.json`'s context: the project's feature flags and the availability zones pinned for the
 * placeholder account in both regions, so a test App synthesizes offline exactly like `cdk synth`.
 */
export function cdkContext(): Record<string, unknown> {
  return { ...JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context, ...NO_STACK_TRACES };
}

/**
 * CDK records a JavaScript stack trace for every construct it creates and every annotation (rule
 * findings included), for `cdk synth`'s error messages. That is about a third of the CPU of
 * building the app in a test, more under jest (source-mapped traces), and none of it reaches a
 * template: the traces are construct metadata (`aws:cdk:creationStack`, `aws:cdk:trace`), so
 * tests assert on the same templates without them. `npm run synth` keeps them.
 */
export const NO_STACK_TRACES = {
  'aws:cdk:disable-creation-stack-traces': true,
  'aws:cdk:disable-stack-trace': true,
} as const;

/**
 * An App for the tier suites' stand-in stacks: cdk.json's context, with asset bundling and CDK's
 * schema validation skipped (`treeOnlyApp`). Those suites assert on resources and policies, not
 * on bundles; bundling the blocker with its AWS SDK and loading the schema (about 3 s) in every
 * test file were the largest costs of the run. The shared default assembly
 * (test/support/assembly.ts) and `npm run synth` bundle and validate for real.
 */
export function standInApp(): App {
  return treeOnlyApp(cdkContext());
}
