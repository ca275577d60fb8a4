import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The entry point as `cdk synth` runs it: context arrives in CDK_CONTEXT_JSON, output goes to CDK_OUTDIR.
// Loaded with esbuild's transform (test/support/esbuild-register.js) rather than cdk.json's ts-node:
// the same program, seconds less to start.
const root = path.join(__dirname, '..', '..');

function runEntryPoint(context: Record<string, unknown>) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-entry-'));
  fs.rmSync(outdir, { recursive: true });
  const run = spawnSync(process.execPath, ['-r', path.join(root, 'test', 'support', 'esbuild-register.js'), 'bin/hardened-stack.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
  });
  return { ...run, outdir };
}

describe('the entry point with an invalid configuration', () => {
  let run: ReturnType<typeof runEntryPoint>;
  beforeAll(() => {
    const file = path.join(os.tmpdir(), `hs-bad-${process.pid}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({ drRegion: 'ap-northeast-1', logs: { retentionDays: 365 }, edge: { siteAllowlist: ['::/0'] }, app: { desiredCount: 1 }, data: { backupWindowUtc: '03:00-04:00', port: 5432 }, tpyo: 1 }),
    );
    run = runEntryPoint({ config: file });
  }, 60_000);

  test('exits non-zero', () => {
    expect(run.status).not.toBe(0);
  });

  test('lists all problems, each with field, value and what is allowed', () => {
    for (const field of ['drRegion', 'logs.retentionDays', 'edge.siteAllowlist[0]', 'app.desiredCount', 'data.backupWindowUtc', 'data.port', 'tpyo']) {
      expect(run.stderr).toMatch(new RegExp(`\\n  - ${field.replace(/[.[\]]/g, '\\$&')}: got .+; allowed: `));
    }
  });

  test('prints no stack trace', () => {
    expect(run.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    expect(run.stderr).not.toMatch(/ConfigError:/);
  });

  test('writes nothing', () => {
    expect(fs.existsSync(run.outdir)).toBe(false);
  });
});

describe('the entry point with inputs that used to pass and fail at deploy time', () => {
  let run: ReturnType<typeof runEntryPoint>;
  beforeAll(() => {
    const file = path.join(os.tmpdir(), `hs-deploy-time-${process.pid}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        account: '111111111111',
        app: { recycleTimeZone: 'Asia/Tokio', recycleSchedule: 'cron(0 25 * * ? *)', minCount: 8, maxCount: 4 },
        edge: { certificate: { certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555' } },
      }),
    );
    // As `cdk synth -c config=… -c authPattern=0` hands them over: context values are strings.
    run = runEntryPoint({ config: file, authPattern: '0' });
  }, 60_000);

  test('exits non-zero and names each field the user wrote, with its value', () => {
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/\n {2}- app\.recycleTimeZone: got "Asia\/Tokio"; allowed: .*did you mean "Asia\/Tokyo"/);
    expect(run.stderr).toMatch(/\n {2}- app\.recycleSchedule: got "cron\(0 25 \* \* \? \*\)"; allowed: .*hours field "25"/);
    expect(run.stderr).toMatch(/\n {2}- app\.minCount: got 8; allowed: at most app\.maxCount \(4\)/);
    expect(run.stderr).toMatch(/\n {2}- edge\.certificate\.certificateArn: got "arn:aws:acm:us-east-1:[^"]+"; allowed: a certificate in primaryRegion/);
    expect(run.stderr).not.toMatch(/app\.desiredCount/);
    expect(fs.existsSync(run.outdir)).toBe(false);
  });
});
