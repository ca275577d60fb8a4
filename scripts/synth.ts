// `npm run synth`: synthesize every stack of both regions offline, write the readable rule-pack
// report beside the validation report, print a one-screen summary.
// Synthesizes into a scratch directory first: a configuration error leaves cdk.out untouched.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { alarmTable, alarmTableMarkdown } from '../lib/monitoring/alarm-table';
import { ACKNOWLEDGEMENT_BUDGET, acknowledgedFindings } from '../lib/nag/acknowledgement-budget';
import { readAssembly, rulePackCsv, rulePackMarkdown } from '../lib/reporting/assembly';
import { rulePackCatalog } from '../lib/reporting/rule-catalog';
import { assemblyLocator, rulePackSarif } from '../lib/reporting/sarif';

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'cdk.out');
const scratch = path.join(root, '.cdk.out.partial');
fs.rmSync(scratch, { recursive: true, force: true });

const cdk = path.join(root, 'node_modules', '.bin', 'cdk');
const args = ['synth', '--quiet', '--output', scratch, ...process.argv.slice(2)];
const started = Date.now();
const run = spawnSync(cdk, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' } });
const seconds = ((Date.now() - started) / 1000).toFixed(1);

if (!fs.existsSync(path.join(scratch, 'manifest.json'))) {
  // The app stopped before synthesis (invalid configuration): show its own message, write nothing.
  process.stderr.write(filterCliNoise(run.stderr) || run.stdout);
  fs.rmSync(scratch, { recursive: true, force: true });
  process.exit(run.status || 1);
}

const report = readAssembly(scratch);
fs.writeFileSync(path.join(scratch, 'rule-pack-report.md'), rulePackMarkdown(report));
fs.writeFileSync(path.join(scratch, 'rule-pack-report.csv'), rulePackCsv(report));
// For CI code scanning (open and acknowledged findings; URIs relative to the repository root).
const cdkNagVersion: string = JSON.parse(fs.readFileSync(require.resolve('cdk-nag/package.json'), 'utf8')).version;
const sarifLog = rulePackSarif(report, { catalog: rulePackCatalog(), locate: assemblyLocator(scratch), toolVersion: cdkNagVersion });
fs.writeFileSync(path.join(scratch, 'nag-findings.sarif'), `${JSON.stringify(sarifLog, null, 2)}\n`);
// MON-1 evidence: every alarm of every stack with its detection bound.
const alarmRows = report.stacks.flatMap((s) => alarmTable(JSON.parse(fs.readFileSync(path.join(scratch, s.templateFile), 'utf8'))));
fs.writeFileSync(path.join(scratch, 'alarm-table.md'), `# Alarms\n\n${alarmTableMarkdown(alarmRows)}`);
fs.rmSync(outdir, { recursive: true, force: true });
fs.renameSync(scratch, outdir);

const lines = [`hardened-stack synth (${seconds} s) → cdk.out/`, '', 'Stack'.padEnd(28) + 'Region'.padEnd(18) + 'Resources'];
for (const s of report.stacks) lines.push(s.id.padEnd(28) + s.region.padEnd(18) + String(s.resourceCount));
const distinct = acknowledgedFindings(report.acknowledgements).length;
lines.push(
  '',
  `Rule-pack findings: ${report.findings.length}   acknowledged: ${distinct} findings (budget ${ACKNOWLEDGEMENT_BUDGET.findings}), ` +
    `${report.acknowledgements.length} pack acknowledgements (budget ${ACKNOWLEDGEMENT_BUDGET.packAcknowledgements})`,
);
for (const f of report.findings.slice(0, 15)) lines.push(`  ✗ ${f.rule}  ${f.resource}`);
if (report.findings.length > 15) lines.push(`  … ${report.findings.length - 15} more in cdk.out/rule-pack-report.md`);
const bounds = alarmRows.map((r) => r.detectionBoundSeconds ?? Infinity);
lines.push(`Alarms: ${alarmRows.length}, largest detection bound ${Math.max(...bounds)} s (critical: ${Math.max(...alarmRows.filter((r) => r.critical).map((r) => r.detectionBoundSeconds ?? Infinity))} s)`);
lines.push('Reports: cdk.out/validation-report.json, cdk.out/rule-pack-report.md, cdk.out/rule-pack-report.csv, cdk.out/nag-findings.sarif, cdk.out/alarm-table.md');
process.stdout.write(lines.join('\n') + '\n');
if (run.status !== 0 || report.findings.length > 0) {
  if (report.findings.length === 0) process.stderr.write(filterCliNoise(run.stderr));
  process.exit(run.status || 1);
}

function filterCliNoise(text: string): string {
  return (text ?? '')
    .split('\n')
    .filter((l) => !/^npm warn|Unknown user config|NOTICES|^\s*$/.test(l))
    .join('\n')
    .concat('\n');
}
