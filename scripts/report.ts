// `npm run report`: the compliance report a security reviewer reads.
// Builds the app from the same configuration as `npm run synth` (pass the same `-c` flags),
// synthesizes it with every rule pack into cdk.out/, judges every control of the catalog and
// writes cdk.out/compliance-report.md and .json. Exits non-zero when a control FAILs.
// Every control is also proven by mutation (test/mutation): each defect of the suite is applied to
// a fresh tree-only build of the same configuration and must be reported by a rule pack; the
// report lists the mutations per control and the standard packs' share of the kills.
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig } from '../lib/config/load';
import { readAssembly, rulePackCsv, rulePackMarkdown } from '../lib/reporting/assembly';
import { complianceMarkdown, complianceSummary, judgeControls } from '../lib/reporting/compliance';
import { engineEvidenceFor, runScenariosOnAssembly, SCENARIO_TABLE_FILE, scenarioTableMarkdown } from '../lib/network/engine/scenario-table';
import { withMutationProof } from '../lib/reporting/mutation-proof';
import { buildOptionalControlsApp } from '../lib/reporting/optional-controls';
import { synthesizeApp } from '../lib/synthesize';
import { runMutationSuite } from '../lib/mutation/suite';
import { describeOffencePolicy } from '../lib/threat/offence-policy';
import { offencePolicyOf } from '../lib/threat/offence-sources';

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'cdk.out');
const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8'));
const context: Record<string, unknown> = { ...cdkJson.context };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if ((argv[i] === '-c' || argv[i] === '--context') && argv[i + 1]) {
    const [key, ...value] = argv[++i].split('=');
    context[key] = value.join('=');
  }
}

let config;
try {
  config = loadConfig({ context: (key) => context[key] });
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}

const scratch = path.join(root, '.cdk.out.report');
fs.rmSync(scratch, { recursive: true, force: true });
let app;
try {
  ({ app } = synthesizeApp(config, { context, outdir: scratch }));
} catch (e) {
  if (!fs.existsSync(path.join(scratch, 'manifest.json'))) throw e;
  // Rule-pack findings: still judged and reported below, as FAILs.
  app = undefined;
}
const assembly = readAssembly(scratch);
if (!app) {
  // Rebuild without the packs to walk the construct tree (the synthesized one threw).
  ({ app } = synthesizeApp(config, { context, outdir: path.join(scratch, '.tree'), rulePacks: false }));
}
// Optional controls (client certificates, sign-in, site allowlist) this configuration leaves off
// are judged on a second construct tree with them on; built only when needed, never synthesized.
const optionalBuild = () => buildOptionalControlsApp(config, context, path.join(scratch, '.optional'));
// NET-1/2/6 PASS only when the firewall policy, replayed in Suricata 7, behaved as expected.
const firewallRuns = runScenariosOnAssembly(scratch, assembly.stacks);
fs.writeFileSync(path.join(scratch, SCENARIO_TABLE_FILE), scenarioTableMarkdown(firewallRuns));
const mutations = runMutationSuite(config, context, (done, total) => {
  if (done % 20 === 0 || done === total) process.stderr.write(`mutations: ${done}/${total}\n`);
});
const judged = judgeControls(app, assembly.findings, assembly.acknowledgements, optionalBuild, (id) => engineEvidenceFor(id, firewallRuns));
const report = withMutationProof(judged, mutations);
for (const dir of ['.tree', '.optional']) fs.rmSync(path.join(scratch, dir), { recursive: true, force: true });
fs.writeFileSync(path.join(scratch, 'rule-pack-report.md'), rulePackMarkdown(assembly));
fs.writeFileSync(path.join(scratch, 'rule-pack-report.csv'), rulePackCsv(assembly));
// What the IP blocker acts on (MON-4), as configured: which sources, thresholds, TTL, never-block.
const blockerPolicy = describeOffencePolicy(offencePolicyOf(config), config.threat.minSeverity, config.threat.blockTtlHours);
const policySection = ['', '## IP blocker policy (MON-4)', '', ...blockerPolicy.map((line) => `- ${line}`), ''].join('\n');
fs.writeFileSync(path.join(scratch, 'compliance-report.md'), complianceMarkdown(report) + policySection);
fs.writeFileSync(path.join(scratch, 'compliance-report.json'), JSON.stringify(report, null, 2) + '\n');
fs.rmSync(outdir, { recursive: true, force: true });
fs.renameSync(scratch, outdir);
process.stdout.write(complianceSummary(report));
process.stdout.write(`IP blocker policy (MON-4):\n${blockerPolicy.map((line) => `  ${line}\n`).join('')}`);
process.stdout.write('Report: cdk.out/compliance-report.md, cdk.out/compliance-report.json\n');
process.exit(report.summary.FAIL > 0 ? 1 : 0);
