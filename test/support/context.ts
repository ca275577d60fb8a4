import * as fs from 'fs';
import * as path from 'path';

/**
 * `cdk.json`'s context: the project's feature flags and the availability zones pinned for the
 * placeholder account in both regions, so a test App synthesizes offline exactly like `cdk synth`.
 */
export function cdkContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
}

/**
 * cdk.json's context for the tier suites' stand-in apps, with asset bundling skipped: those suites
 * assert on resources and policies, not on bundle contents, and esbuild-bundling the blocker (with
 * its AWS SDK) once per stand-in app was the largest single cost of the test run. The shared
 * default assembly (test/support/assembly.ts) and `npm run synth` still bundle for real.
 */
export function standInContext(): Record<string, unknown> {
  return { ...cdkContext(), 'aws:cdk:bundling-stacks': [] };
}
