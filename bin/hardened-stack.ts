#!/usr/bin/env node
// Wiring only: load and validate the configuration, build the stacks, register the rule packs.
import { App } from 'aws-cdk-lib';
import { readCliContext } from '../lib/config/cli-context';
import { ConfigError, loadConfig } from '../lib/config/load';
import { HardenedConfig } from '../lib/config/types';
import { buildHardenedStacks } from '../lib/hardened-app';
import { registerRulePacks } from '../lib/nag/register';

let config: HardenedConfig;
try {
  // Validated before the App exists: the App creates the output directory, and a rejected
  // configuration must write nothing.
  const context = readCliContext();
  config = loadConfig({ context: (key) => context[key] });
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}

const app = new App();
buildHardenedStacks(app, config);
registerRulePacks(app);
app.synth();
