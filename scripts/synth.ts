// `npm run synth`: synthesize every stack of both regions offline, write the readable rule-pack
// report beside the validation report, print a one-screen summary.
// Synthesizes into a scratch directory first: a configuration error leaves cdk.out untouched.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { annotationHint } from '../lib/config/availability-zones';
import { alarmTableMarkdown, assemblyTable } from '../lib/reporting/alarm-table';
import { detectionMatrixMarkdown, runScenarios } from '../lib/monitoring/simulator/detection-matrix';
import { ACKNOWLEDGEMENT_BUDGET, acknowledgedFindings } from '../lib/nag/acknowledgement-budget';
import { firewallScenarioSummary, runScenariosOnAssembly, SCENARIO_TABLE_FILE, scenarioTableMarkdown } from '../lib/network/engine/scenario-table';
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
const assemblyTemplates = report.stacks.map((s) => JSON.parse(fs.readFileSync(path.join(scratch, s.templateFile), 'utf8')));
const alarmRows = assemblyTable(assemblyTemplates);
fs.writeFileSync(path.join(scratch, 'alarm-table.md'), `# Alarms\n\n${alarmTableMarkdown(alarmRows)}`);
// NET-1/2/6 evidence: the firewall policy replayed in Suricata 7 (issue #15); says how to install it when absent.
const firewallRuns = runScenariosOnAssembly(scratch, report.stacks);
fs.writeFileSync(path.join(scratch, SCENARIO_TABLE_FILE), scenarioTableMarkdown(firewallRuns));
fs.writeFileSync(path.join(scratch, 'detection-matrix.md'), detectionMatrixMarkdown(runScenarios(assemblyTemplates)));
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
for (const f of report.findings.slice(0, 15)) {
  // Annotations (CDK's own errors, such as a failed context lookup) carry their reason only in the description.
  const annotation = f.rule.startsWith('Annotation::');
  lines.push(`  ✗ ${f.rule}  ${f.resource}${annotation ? `: ${f.description}` : ''}`);
  const hint = annotation ? annotationHint(f.description, report.stacks.find((s) => s.id === f.resource)?.region ?? '') : undefined;
  if (hint) lines.push(`      → ${hint}`);
}
if (report.findings.length > 15) lines.push(`  … ${report.findings.length - 15} more in cdk.out/rule-pack-report.md`);
const bounds = alarmRows.filter((r) => r.detectionClass !== 'trend').map((r) => r.detectionBoundSeconds ?? Infinity);
lines.push(`Alarms: ${alarmRows.length} (event routes included), largest honest bound ${Math.max(...bounds)} s, trend alarms aside (critical: ${Math.max(...alarmRows.filter((r) => r.critical).map((r) => r.detectionBoundSeconds ?? Infinity))} s)`);
lines.push(...firewallScenarioSummary(firewallRuns).lines);
// The entry point's notices: placeholders a deployment must replace, zones it could not find pinned.
// The app runs twice when CDK had to look something up: each notice once, and none already shown as a hint.
const notices = [...new Set((run.stderr ?? '').split('\n').filter((l) => /^(UNSET|NOTICE) /.test(l)))];
const placeholders = notices.filter((l) => l.startsWith('UNSET '));
if (placeholders.length > 0) lines.push('Configuration placeholders (fine offline; a deployment preflight refuses them):', ...placeholders.map((l) => `  ${l}`));
for (const l of notices.filter((n) => n.startsWith('NOTICE ') && !lines.includes(`      → ${n.slice('NOTICE '.length)}`))) lines.push(l);
lines.push(`Reports: cdk.out/validation-report.json, cdk.out/rule-pack-report.md, cdk.out/rule-pack-report.csv, cdk.out/nag-findings.sarif, cdk.out/alarm-table.md, cdk.out/detection-matrix.md, cdk.out/${SCENARIO_TABLE_FILE}`);
process.stdout.write(lines.join('\n') + '\n');
if (run.status !== 0 || report.findings.length > 0 || firewallScenarioSummary(firewallRuns).failed) {
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
