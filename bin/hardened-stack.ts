#!/usr/bin/env node
// Wiring only: load and validate the configuration, build the stacks, register the rule packs.
import { App } from 'aws-cdk-lib';
import { ConfigError, loadConfig } from '../lib/config/load';
import { buildHardenedStacks } from '../lib/hardened-app';
import { registerRulePacks } from '../lib/nag/register';

const app = new App();
try {
  const config = loadConfig({ context: (key) => app.node.tryGetContext(key) });
  buildHardenedStacks(app, config);
} catch (e) {
  if (e instanceof ConfigError) {
    // Exit before synthesis: nothing is written, and no stack trace hides the list.
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
registerRulePacks(app);
app.synth();
