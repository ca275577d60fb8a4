#!/usr/bin/env node
// Wiring only: load and validate the configuration, build the stacks, register the rule packs.
import { configurationNotices } from '../lib/config/notices';
import { readCliContext } from '../lib/config/cli-context';
import { ConfigError, loadConfig } from '../lib/config/load';
import type { HardenedConfig } from '../lib/config/types';

let config: HardenedConfig;
try {
  // Validated before the App exists: the App creates the output directory, and a rejected
  // configuration must write nothing.
  const context = readCliContext();
  config = loadConfig({ context: (key) => context[key] });
  // Placeholders still in use and availability zones CDK will have to look up: not errors
  // (offline synth works with the first; credentials resolve the second), but said every time.
  for (const line of configurationNotices(config, context)) process.stderr.write(`${line}\n`);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}

// The CDK libraries and the stacks load only once the configuration is accepted, so a rejected
// configuration is reported in about a second instead of after loading the whole app.
const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
const { buildHardenedStacks } = require('../lib/hardened-app') as typeof import('../lib/hardened-app');
const { registerRulePacks } = require('../lib/nag/register') as typeof import('../lib/nag/register');

const app = new App();
buildHardenedStacks(app, config);
registerRulePacks(app);
app.synth();
