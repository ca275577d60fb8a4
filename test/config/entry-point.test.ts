import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The entry point as `cdk synth` runs it: context arrives in CDK_CONTEXT_JSON, output goes to CDK_OUTDIR.
const root = path.join(__dirname, '..', '..');

function runEntryPoint(context: Record<string, unknown>) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-entry-'));
  fs.rmSync(outdir, { recursive: true });
  const run = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'bin/hardened-stack.ts'], {
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
