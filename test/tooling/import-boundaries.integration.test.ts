/**
 * The import boundaries of eslint.config.mjs, run through ESLint itself: each case is linted as
 * if it were a file at that path. ESLint loads its (ESM) config outside jest's module registry,
 * in a child node process.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface Case {
  readonly file: string;
  readonly imports: string;
}

const LINT_CASES = `
const { ESLint } = require('eslint');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
(async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const c of cases) {
    const [r] = await eslint.lintText(\`import * as m from '\${c.imports}';\\nexport const x = m;\\n\`, { filePath: c.file });
    out.push(r.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { process.stderr.write(String(e.stack)); process.exit(1); });
`;

function restrictedMessages(cases: readonly Case[]): string[][] {
  const run = spawnSync(process.execPath, ['-e', LINT_CASES], { cwd: ROOT, input: JSON.stringify(cases), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`eslint run failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

const refused: (Case & { readonly why: RegExp })[] = [
  { file: 'lambda/ip-blocker/probe.ts', imports: '../../lib/config/validate', why: /may not import the CDK app/ },
  { file: 'lambda/ip-blocker/probe.ts', imports: '../received-files/route', why: /its own folder and lambda\/shared/ },
  { file: 'lambda/database-probe/probe.ts', imports: '../ip-blocker/blocker-handler', why: /its own folder and lambda\/shared/ },
  { file: 'lambda/shared/probe.ts', imports: '../ip-blocker/blocker-handler', why: /below every function/ },
  { file: 'lib/threat/probe.ts', imports: '../../lambda/ip-blocker/reconciler', why: /contract from lambda\/shared/ },
  { file: 'lib/threat/probe.ts', imports: '../../scripts/synth', why: /imported by the entry points/ },
  { file: 'scripts/probe.ts', imports: '../test/support/assembly', why: /may not import tests/ },
  { file: 'lambda/received-files/probe.ts', imports: '../../test/bench/blocker.bench', why: /may not import tests or benchmarks/ },
  { file: 'test/bench/probe.ts', imports: '../lambda/ip-blocker/blocker.integration.test', why: /test harness \(test\/support\/\)/ },
  { file: 'lib/core/probe.ts', imports: '../network/tiered-vpc', why: /may not import a domain folder/ },
  { file: 'lib/core/probe.ts', imports: '../monitoring/alarm-factory', why: /may not import a domain folder/ },
  { file: 'lib/config/probe.ts', imports: '../data/primary-database', why: /never a construct/ },
  { file: 'lib/config/probe.ts', imports: '../network/inspection-firewall', why: /never a construct/ },
  { file: 'lib/nag/engine/probe.ts', imports: '../rules/net/routing', why: /engine sits below the rules/ },
  { file: 'lib/nag/rules/net/probe.ts', imports: '../../../network/tiered-vpc', why: /never the code it judges/ },
  { file: 'lib/files/probe.ts', imports: '../nag/rules/file/upload-bucket', why: /may not depend on its judge/ },
];

const allowed: Case[] = [
  { file: 'lambda/ip-blocker/probe.ts', imports: '../shared/cidr' },
  { file: 'lambda/ip-blocker/probe.ts', imports: './never-block' },
  { file: 'lib/threat/probe.ts', imports: '../../lambda/shared/contracts/ip-blocker' },
  { file: 'test/bench/probe.ts', imports: '../support/moto-server' },
  { file: 'test/bench/probe.ts', imports: '../lambda/fixtures/events' },
  { file: 'test/lambda/probe.ts', imports: '../../lambda/ip-blocker/never-block' },
  { file: 'lib/core/probe.ts', imports: './managed-key' },
  { file: 'lib/network/probe.ts', imports: '../core/managed-key' },
  { file: 'lib/config/probe.ts', imports: '../network/suricata-rule' },
  { file: 'lib/config/probe.ts', imports: '../data/backup-night' },
  { file: 'lib/config/probe.ts', imports: '../core/retention-floor' },
  { file: 'lib/nag/engine/probe.ts', imports: '../../controls/catalog' },
  { file: 'lib/nag/rules/net/probe.ts', imports: '../../../core/tier-tag' },
  { file: 'lib/nag/rules/net/probe.ts', imports: '../../engine/scan' },
  { file: 'lib/files/probe.ts', imports: '../core/purpose-tag' },
];

test('imports across a boundary are lint errors, with the reason; imports within the rules are not', () => {
  const messages = restrictedMessages([...refused, ...allowed]);
  refused.forEach((c, i) => {
    expect([c.file, c.imports, messages[i]]).toEqual([c.file, c.imports, [expect.stringMatching(c.why)]]);
  });
  allowed.forEach((c, i) => {
    expect([c.file, c.imports, messages[refused.length + i]]).toEqual([c.file, c.imports, []]);
  });
});
