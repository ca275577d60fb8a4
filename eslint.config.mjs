// ESLint flat config: typescript-eslint's recommended rules, and the import boundaries between
// the folders (what a folder may import is written here and checked by `npm run lint`).
//
//   lambda/<function>/  the functions' code, bundled by esbuild: imports its own folder and
//                       lambda/shared/ only (never the CDK app in lib/, never another function)
//   lambda/shared/      what functions and constructs agree on (contracts: environment names,
//                       metric names, table attributes), the CIDR code both use, and the
//                       functions' Powertools set-up; imports no folder of this repository, so a
//                       bundle never pulls the CDK app and a construct never pulls a function
//   lib/                the CDK app: may import lambda/shared/, no function's folder
//   lib/core/           building blocks under every domain folder: imports nothing else of lib/
//   lib/config/         the typed configuration: imports the pure models that judge a field only
//   bin/, scripts/      entry points over lib/
//   test/               may import anything; production code (lib, lambda, bin, scripts) never
//                       imports test/ (the load benchmarks of `npm run bench` are in test/bench/)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// Every function folder under lambda/ (all but shared/), so a new function is bounded from its first file.
const FUNCTIONS = readdirSync(join(import.meta.dirname, 'lambda'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
  .map((entry) => entry.name);
const PRODUCTION = ['./lib', './lambda', './bin', './scripts'];

/** Zones of import-x/no-restricted-paths: files in `target` may not import from `from` (except `except`, relative to `from`). */
const boundaries = [
  {
    target: './lambda',
    from: ['./lib', './bin', './scripts'],
    message: 'Function code is bundled on its own: it may not import the CDK app. Move what both need to lambda/shared/.',
  },
  {
    target: './lambda/shared',
    from: './lambda',
    except: ['./shared'],
    message: 'lambda/shared/ is below every function: it may not import a function folder.',
  },
  ...FUNCTIONS.map((fn) => ({
    target: `./lambda/${fn}`,
    from: './lambda',
    except: [`./${fn}`, './shared'],
    message: 'A function may import its own folder and lambda/shared/ only; move shared code to lambda/shared/.',
  })),
  {
    target: './lib',
    from: './lambda',
    except: ['./shared'],
    message: "Constructs may import a function's contract from lambda/shared/, not the function's code.",
  },
  {
    target: './lib/core',
    from: './lib',
    except: ['./core'],
    message: 'lib/core/ holds the building blocks every domain uses (key, bucket, log group, function, publisher, aspects): it may not import a domain folder.',
  },
  {
    // The configuration is validated once at the entry, before any stack is built; it may use the
    // pure models that judge a field (the backup night, the Suricata rule grammar and the engine
    // check of custom IPS rules) and the floors the rule pack judges by, never a construct.
    target: './lib/config',
    from: './lib',
    except: ['./config', './core/retention-floor.ts', './core/allowlist-floor.ts', './data/backup-night.ts', './network/suricata-rule.ts', './network/engine/custom-rules.ts'],
    message: 'lib/config/ is read by every stack: it may import only the pure models that judge a field (listed in eslint.config.mjs), never a construct.',
  },
  {
    // The rule engine (template view, scan, values, the rule shape) sits below the rules and the pack.
    target: './lib/nag/engine',
    from: './lib',
    except: ['./nag/engine', './controls/catalog.ts'],
    message: 'The rule engine sits below the rules: it may import itself and the control ids only.',
  },
  {
    // A rule judges templates; it shares constants with the constructs through lib/core/, never their code.
    target: './lib/nag/rules',
    from: './lib',
    except: [
      './nag/engine',
      './nag/rules',
      './core/tier-tag.ts',
      './core/purpose-tag.ts',
      './core/retention-floor.ts',
      './core/allowlist-floor.ts',
      // Pure models the configuration, the reports and the rules judge by (no construct in them).
      './data/backup-night.ts',
      './monitoring/detection-bound.ts',
      './monitoring/metric-sources.ts',
    ],
    message: 'A rule may import the engine, the rules, the constants it shares with the constructs (lib/core/*-tag.ts, *-floor.ts) and the pure models listed in eslint.config.mjs, never the code it judges.',
  },
  {
    target: ['./lib/core', './lib/network', './lib/audit', './lib/data', './lib/edge', './lib/app-tier', './lib/threat', './lib/files', './lib/monitoring', './lib/stacks'],
    from: './lib/nag/rules',
    message: 'The judged code may not depend on its judge: move a constant both need to lib/core/.',
  },
  {
    target: './lib',
    from: ['./bin', './scripts'],
    message: 'lib/ is imported by the entry points, not the other way round.',
  },
  {
    target: PRODUCTION,
    from: './test',
    message: 'Production code may not import tests or benchmarks.',
  },
  {
    target: './test/bench',
    from: './test',
    except: ['./support', './lambda/fixtures', './bench'],
    message: 'Benchmarks may import the test harness (test/support/) and fixtures only; move what they need there.',
  },
];

export default defineConfig(
  {
    ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'reports/', '.bench/', '.cdk.out.partial/', '.cdk.out.report/', '**/*.d.ts'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: boundaries }],
      // Unused locals and parameters are already compile errors (tsconfig noUnusedLocals /
      // noUnusedParameters); a leading underscore marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Entry points, tests and benchmarks load modules late on purpose, typed with
    // `require(…) as typeof import(…)`: after the configuration is accepted (bin/), after the
    // environment a handler reads at load is set (jest.isolateModules), or only when needed.
    files: ['bin/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Code that walks synthesized CloudFormation (templates, the cloud assembly, GuardDuty's
    // JSON in tests): its shape is whatever the template holds, read property by property.
    files: [
      'test/**/*.ts',
      'lib/nag/**/*.ts',
      'lib/reporting/**/*.ts',
      'lib/reporting/alarm-table.ts',
      'lib/monitoring/detection-bound.ts',
      'lib/monitoring/topic-routes.ts',
      'lib/monitoring/simulator/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The CommonJS configuration files (jest.config.js, test/bench/jest.config.js, the test sequencer).
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'readonly', require: 'readonly', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
  },
);
