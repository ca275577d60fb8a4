/**
 * The firewall scenario table (scenario → expected → engine verdict → rules that matched) and the
 * evidence the compliance report cites under NET-1, NET-2 and NET-6.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FirewallEngineReport, runFirewallScenarios } from './firewall-harness';
import { firewallPolicyFromTemplate } from './firewall-policy';
import { egressDomainsOf, firewallScenarios } from './scenarios';
import { findSuricata, INSTALL_HINT } from './suricata-binary';

export const SCENARIO_TABLE_FILE = 'firewall-scenarios.md';

/** Any name: the ingress rules do not read the SNI (the ALB's certificate decides). */
const SITE_NAME = 'app.example.com';

/** The engine's run over one template's firewall policy, or why there is none. */
export interface FirewallEngineRun {
  readonly stack: string;
  readonly report?: FirewallEngineReport;
  /** The engine is not installed (not a failure of the policy). */
  readonly skipped?: string;
  /** The harness could not run this policy (a failure). */
  readonly error?: string;
}

/** Runs the scenarios against every template of an assembly that holds a firewall policy. */
export function runScenariosOnAssembly(assemblyDir: string, templateFiles: ReadonlyArray<{ id: string; templateFile: string }>): FirewallEngineRun[] {
  const engine = findSuricata();
  const runs: FirewallEngineRun[] = [];
  for (const t of templateFiles) {
    const policy = firewallPolicyFromTemplate(JSON.parse(fs.readFileSync(path.join(assemblyDir, t.templateFile), 'utf8')));
    if (!policy) continue;
    if (!engine) {
      runs.push({ stack: t.id, skipped: INSTALL_HINT });
      continue;
    }
    try {
      const egressAllowedDomains = egressDomainsOf(policy.groups.flatMap((g) => g.rules));
      const scenarios = firewallScenarios({ homeNet: policy.homeNet, siteName: SITE_NAME, egressAllowedDomains });
      runs.push({ stack: t.id, report: runFirewallScenarios(engine, policy, scenarios) });
    } catch (e) {
      runs.push({ stack: t.id, error: (e as Error).message });
    }
  }
  return runs;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function scenarioTableMarkdown(runs: readonly FirewallEngineRun[]): string {
  const out = ['# Firewall scenarios (Suricata 7 replay)', ''];
  out.push(
    'Each scenario is a generated TCP conversation replayed through the synthesized firewall policy in Suricata 7 (IPS simulation).',
    'AWS strict order is emulated over the engine\'s matches (lib/network/engine/strict-order.ts, with the AWS pages each assumption rests on);',
    'a verdict counts only when a pass applying to the packet and a pass applying to the whole flow give the same result.',
    '',
  );
  for (const run of runs) {
    out.push(`## ${run.stack}`, '');
    if (!run.report) {
      out.push(run.error ? `✗ The harness failed: ${run.error}` : `Not run: ${run.skipped}`, '');
      continue;
    }
    const r = run.report;
    const agreed = r.results.filter((x) => x.agreed).length;
    const loadErrors = r.loads.flatMap((l) => l.errors);
    out.push(
      `Engine: Suricata ${r.engineVersion}; default actions ${r.defaultActions.join(', ')}; ${agreed}/${r.results.length} scenarios as expected; ` +
        `${loadErrors.length} rules failing to load; ${r.seconds.toFixed(1)} s.`,
      '',
      '| Rule group | Priority | Rules | Loaded |',
      '|---|---|---|---|',
    );
    for (const l of r.loads) {
      out.push(`| ${l.group} | ${l.priority} | ${l.managed ? '—' : l.rules} | ${l.managed ? 'AWS-managed: rules not published, cannot be loaded or replayed' : l.errors.length === 0 ? 'all' : `${l.errors.length} FAILED`} |`);
    }
    for (const e of loadErrors) out.push('', `- ✗ sid ${e.sid ?? '?'}: ${cell(e.message)}`);
    out.push('', '| Scenario | Controls | Expected | Engine verdict (packet / flow pass) | Rules that matched | Dropped by |', '|---|---|---|---|---|---|');
    for (const x of r.results) {
      const verdict = x.verdicts.packet === x.verdicts.flow ? x.verdicts.packet : `${x.verdicts.packet} / ${x.verdicts.flow}`;
      const rules = x.matched.map((m) => `${m.action} ${m.sid}`).join(', ') || '—';
      out.push(`| ${x.agreed ? '' : '✗ '}${cell(x.scenario.title)} (\`${x.scenario.id}\`) | ${x.scenario.controls.join(' ')} | ${x.scenario.expected} | ${verdict} | ${rules} | ${cell(x.droppedBy ?? '—')} |`);
    }
    out.push('');
  }
  return out.join('\n') + '\n';
}

/** The controls the firewall scenarios are evidence for. */
export const ENGINE_CONTROLS: readonly string[] = ['NET-1', 'NET-2', 'NET-6'];

/**
 * What the compliance report says about one control, from the engine runs: problems (so FAIL)
 * when the engine disagreed, rejected a rule, or did not run at all.
 */
export function engineEvidenceFor(controlId: string, runs: readonly FirewallEngineRun[]): { summary: string; problems: string[] } | undefined {
  if (!ENGINE_CONTROLS.includes(controlId)) return undefined;
  if (runs.length === 0) return { summary: 'no firewall policy in the assembly', problems: ['no firewall policy to replay in the engine'] };
  const problems: string[] = [];
  let scenarios = 0;
  for (const run of runs) {
    if (!run.report) {
      problems.push(`${run.stack}: firewall scenarios not run (${run.error ?? run.skipped})`);
      continue;
    }
    for (const l of run.report.loads) for (const e of l.errors) problems.push(`${run.stack}: rule sid ${e.sid ?? '?'} of ${l.group} fails to load in Suricata ${run.report.engineVersion}: ${e.message}`);
    for (const x of run.report.results.filter((s) => s.scenario.controls.includes(controlId))) {
      scenarios++;
      if (!x.agreed) problems.push(`${run.stack}: scenario ${x.scenario.id} expected ${x.scenario.expected}, engine verdict ${x.verdicts.packet} (packet pass) / ${x.verdicts.flow} (flow pass)`);
    }
  }
  const version = runs.find((r) => r.report)?.report?.engineVersion;
  const summary = version
    ? `Suricata ${version} replayed ${scenarios} ${controlId} scenarios against the synthesized policy (cdk.out/${SCENARIO_TABLE_FILE}): ${problems.length === 0 ? 'all as expected' : `${problems.length} problems`}`
    : `firewall scenarios not run: ${INSTALL_HINT}`;
  return { summary, problems };
}

/** The synth summary's lines; `failed` when the engine disagreed or rejected a rule. */
export function firewallScenarioSummary(runs: readonly FirewallEngineRun[]): { lines: string[]; failed: boolean } {
  const lines: string[] = [];
  let failed = false;
  for (const run of runs) {
    if (!run.report) {
      lines.push(run.error ? `Firewall scenarios (${run.stack}): ✗ the harness failed: ${run.error}` : `Firewall scenarios (${run.stack}): not run. ${run.skipped}`);
      failed ||= run.error !== undefined;
      continue;
    }
    const bad = run.report.results.filter((x) => !x.agreed);
    const loadErrors = run.report.loads.flatMap((l) => l.errors);
    failed ||= bad.length > 0 || loadErrors.length > 0;
    lines.push(
      `Firewall scenarios (${run.stack}, Suricata ${run.report.engineVersion}): ${run.report.results.length - bad.length}/${run.report.results.length} as expected, ` +
        `${loadErrors.length} rules failing to load, ${run.report.loads.filter((l) => l.managed).length} AWS-managed groups not loadable (rules not published)`,
    );
    for (const x of bad) lines.push(`  ✗ ${x.scenario.id}: expected ${x.scenario.expected}, got ${x.verdicts.packet}/${x.verdicts.flow}`);
    for (const e of loadErrors) lines.push(`  ✗ sid ${e.sid ?? '?'}: ${e.message}`);
  }
  return { lines, failed };
}
