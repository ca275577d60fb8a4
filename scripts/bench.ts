// `npm run bench`: the speed figures the project promises, measured rather than asserted in tests.
// - wall time of one `npm run synth`, of the fast gate (`npm run test:fast`; bar ≤ 2 × one synth)
//   and of the full `npm test` (bar ≤ 6 × one synth), in one run on the same machine;
// - the load tests too slow for `npm test` (test/bench/*.load-test.ts: 12,000 addresses against WAF's limit);
// - the IP blocker against moto_server (WAF calls per finding, latency, 1,000 findings).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');

function timed(label: string, command: string, args: string[]): { seconds: number; status: number; stdout: string } {
  process.stdout.write(`… ${label}\n`);
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) process.stdout.write(`${run.stdout}\n${run.stderr}\n`);
  return { seconds, status: run.status ?? 1, stdout: run.stdout };
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// The ratios only mean something on an otherwise idle machine: the load is printed beside them.
const loadBefore = os.loadavg()[0];
const synth = timed('npm run synth', npm, ['run', '--silent', 'synth']);
const fast = timed('npm run test:fast (the fast gate)', npm, ['run', '--silent', 'test:fast']);
const full = timed('npm test (every project)', npm, ['test', '--silent']);
const load = timed('load tests (test/bench/*.load-test.ts)', process.execPath, [require.resolve('jest/bin/jest'), '--config', path.join(root, 'test', 'bench', 'jest.config.js')]);

const results: Record<string, unknown> = {
  cores: os.cpus().length,
  loadAverageBefore: round(loadBefore),
  synthSeconds: round(synth.seconds),
  fastGateSeconds: round(fast.seconds),
  fullTestSeconds: round(full.seconds),
  loadTestSeconds: round(load.seconds),
  fastGatePerSynth: round(fast.seconds / synth.seconds),
  fullTestPerSynth: round(full.seconds / synth.seconds),
};

const blockerBench = path.join(root, 'test', 'bench', 'blocker.bench.ts');
if (fs.existsSync(blockerBench)) {
  const run = timed('IP blocker against moto_server', process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', blockerBench]);
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    results.blocker = JSON.parse(last);
  } catch {
    results.blocker = { error: 'no JSON summary line', status: run.status };
  }
}

const lines = [
  '',
  `hardened-stack benchmark (${results.cores} cores, 1-minute load average ${results.loadAverageBefore} before the run)`,
  `  npm run synth                 ${results.synthSeconds} s`,
  `  npm run test:fast (unit+app) ${results.fastGateSeconds} s  = ${results.fastGatePerSynth} × one synth (bar: ≤ 2)`,
  `  npm test (+ integration)      ${results.fullTestSeconds} s  = ${results.fullTestPerSynth} × one synth (bar: ≤ 6)`,
  `  load tests (test/bench/)      ${results.loadTestSeconds} s`,
];
process.stdout.write(lines.join('\n') + '\n');
process.stdout.write(JSON.stringify(results) + '\n');
process.exit(synth.status || fast.status || full.status || load.status);

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
