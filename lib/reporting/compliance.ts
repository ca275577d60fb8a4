import { Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { Control, CONTROLS, JUDGED_BY_STANDARD_PACKS } from '../controls/catalog';
import { ACKNOWLEDGEMENT_BUDGET, AcknowledgedFinding, acknowledgedFindings } from '../nag/acknowledgement-budget';
import { HardenedRule, isAcknowledged, judge, ruleId } from '../nag/engine/rule';
import { Scan } from '../nag/engine/scan';
import { HARDENED_RULES } from '../nag/hardened-checks';
import { standardPackNames } from '../nag/register';
import { Acknowledgement, Finding } from './assembly';
import { EVIDENCE_PROPERTIES } from './evidence';
import type { ControlMutations, MutationSummary } from './mutation-proof';

export type ControlStatus = 'PASS' | 'FAIL' | 'MANUAL' | 'APP';

export interface ImplementingResource {
  readonly path: string;
  readonly stack: string;
  readonly region: string;
  readonly type: string;
  readonly rule: string;
  /** The property values that make the rule pass. */
  readonly evidence: Record<string, unknown>;
}

export interface ControlResult {
  readonly id: string;
  readonly title: string;
  readonly section: string;
  readonly seeds: readonly string[];
  readonly kind: Control['kind'];
  readonly how: string;
  readonly status: ControlStatus;
  /** For an optional control the configuration leaves off: the setting that deploys it, and what it was judged on. */
  readonly deployedBy?: string;
  /** Why a FAIL is a FAIL (empty otherwise). */
  readonly reasons: string[];
  readonly rules: string[];
  readonly resources: ImplementingResource[];
  /** The mutations the control was proven against (absent when the suite was not run). */
  readonly mutations?: ControlMutations;
  /** Behaviour evidence from a real engine (NET-1/2/6: the firewall scenarios in Suricata 7). */
  readonly engine?: string;
}

/** A real engine's verdict on a control: a PASS needs `problems` empty. */
export interface EngineEvidence {
  readonly summary: string;
  readonly problems: readonly string[];
}

export interface ComplianceReport {
  readonly generatedAt: string;
  readonly controls: ControlResult[];
  readonly acknowledgements: Acknowledgement[];
  /** The acknowledgements grouped into distinct findings (one check on one construct). */
  readonly acknowledgedFindings: AcknowledgedFinding[];
  readonly acknowledgementBudget: typeof ACKNOWLEDGEMENT_BUDGET;
  readonly findings: Finding[];
  readonly summary: Record<ControlStatus, number>;
  /** The mutation suite's totals (absent when it was not run). */
  readonly mutationSummary?: MutationSummary;
}

function pick(values: Record<string, any>, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const value = p.split('.').reduce<any>((node, key) => (node === undefined || node === null ? undefined : node[key]), values);
    if (value !== undefined) out[p] = value;
  }
  return out;
}

interface RuleJudgement {
  readonly implementing: ImplementingResource[];
  readonly reasons: string[];
}

/**
 * Runs a control's Hardened rules over every resource of one built app, the way the pack does
 * (the engine's type filter and acknowledgement matcher): COMPLIANT resources implement the
 * control, NON_COMPLIANT ones fail unless the finding is acknowledged on the construct.
 */
function judgeRules(scan: Scan, rules: readonly HardenedRule[]): RuleJudgement {
  const implementing: ImplementingResource[] = [];
  const reasons: string[] = [];
  for (const r of rules) {
    const id = ruleId(r);
    for (const node of scan.resources()) {
      let outcome: NagRuleCompliance;
      try {
        outcome = judge(r, scan, node);
      } catch (e) {
        reasons.push(`${id} could not judge ${node.node.path}: ${(e as Error).message}`);
        continue;
      }
      if (outcome === NagRuleCompliance.COMPLIANT) {
        const stack = Stack.of(node);
        implementing.push({
          path: node.node.path,
          stack: stack.stackName,
          region: stack.region,
          type: node.cfnResourceType,
          rule: id,
          evidence: pick(scan.props(node), EVIDENCE_PROPERTIES[node.cfnResourceType] ?? []),
        });
      } else if (outcome === NagRuleCompliance.NON_COMPLIANT && !isAcknowledged(node, id)) {
        reasons.push(`${id} fails at ${node.node.path}`);
      }
    }
  }
  return { implementing, reasons };
}

/** A second build of the app, with every optional control (`Control.deployedBy`) switched on. */
export interface OptionalControlsBuild {
  /** What was switched on, for the report (e.g. 'edge.authPattern = 3 with placeholder …'). */
  readonly description: string;
  readonly app: IConstruct;
}

/**
 * Judges every catalog control against a built app: each rule of the project pack is run over
 * every resource it applies to; COMPLIANT resources are the ones that implement the control,
 * NON_COMPLIANT ones are failures unless a finding was acknowledged (then the acknowledgement is
 * listed with its reason). Findings of the standard packs decide GOV-2. An optional control the
 * configuration leaves off is judged on `optionalBuild` (its status says so); without one, FAIL.
 */
export function judgeControls(
  app: IConstruct,
  findings: Finding[],
  acknowledgements: Acknowledgement[],
  optionalBuild?: () => OptionalControlsBuild,
  /** Engine evidence by control id (`npm run report` passes the firewall scenario runs). */
  engineEvidence?: (controlId: string) => EngineEvidence | undefined,
): ComplianceReport {
  const scan = new Scan(app);
  const standardPacks = standardPackNames();
  const results: ControlResult[] = [];
  let optional: { build: OptionalControlsBuild; scan: Scan } | undefined;
  for (const control of CONTROLS) {
    const rules = HARDENED_RULES.filter((r) => r.control === control.id);
    let { implementing, reasons } = judgeRules(scan, rules);
    let deployedBy: string | undefined;
    if (control.deployedBy && implementing.length === 0 && reasons.length === 0 && optionalBuild) {
      if (!optional) {
        const build = optionalBuild();
        optional = { build, scan: new Scan(build.app) };
      }
      ({ implementing, reasons } = judgeRules(optional.scan, rules));
      deployedBy = `available with ${control.deployedBy}; not deployed by this configuration, judged on a build with ${optional.build.description}`;
    }
    for (const f of findings) {
      if (rules.some((r) => f.rule.startsWith(ruleId(r))) && !reasons.some((x) => x.includes(f.resource))) {
        reasons.push(`${f.rule} fails at ${f.resource}`);
      }
    }
    const engine = control.kind === 'template' ? engineEvidence?.(control.id) : undefined;
    if (engine) reasons.push(...engine.problems);
    let status: ControlStatus;
    if (control.kind === 'app') status = 'APP';
    else if (control.kind === 'manual') status = 'MANUAL';
    else if (JUDGED_BY_STANDARD_PACKS.includes(control.id)) {
      const standard = findings.filter((f) => standardPacks.includes(f.pack));
      for (const f of standard) reasons.push(`${f.rule} at ${f.resource}`);
      status = standard.length === 0 ? 'PASS' : 'FAIL';
    } else {
      if (rules.length === 0) reasons.push('no rule of the project pack enforces this control');
      else if (implementing.length === 0 && reasons.length === 0) reasons.push('no resource in the app implements this control');
      status = reasons.length === 0 ? 'PASS' : 'FAIL';
    }
    results.push({
      id: control.id,
      title: control.title,
      section: control.section,
      seeds: control.seeds,
      kind: control.kind,
      how: control.how,
      status,
      ...(deployedBy ? { deployedBy } : {}),
      ...(engine ? { engine: engine.summary } : {}),
      reasons,
      rules: rules.map(ruleId),
      resources: implementing,
    });
  }
  const summary: Record<ControlStatus, number> = { PASS: 0, FAIL: 0, MANUAL: 0, APP: 0 };
  for (const r of results) summary[r.status]++;
  return {
    generatedAt: new Date().toISOString(),
    controls: results,
    acknowledgements,
    acknowledgedFindings: acknowledgedFindings(acknowledgements),
    acknowledgementBudget: ACKNOWLEDGEMENT_BUDGET,
    findings,
    summary,
  };
}

function statusWord(c: ControlResult): string {
  return c.deployedBy ? `${c.status} (available)` : c.status;
}

function acknowledgementLine(report: ComplianceReport): string {
  const budget = report.acknowledgementBudget;
  return `${report.acknowledgedFindings.length} acknowledged findings (budget ${budget.findings}), ${report.acknowledgements.length} pack acknowledgements (budget ${budget.packAcknowledgements})`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function complianceMarkdown(report: ComplianceReport): string {
  const proved = report.mutationSummary !== undefined;
  const out: string[] = [
    '# Compliance report',
    '',
    `Generated ${report.generatedAt} from the synthesized stacks. Status words: PASS (the templates meet it), FAIL, MANUAL (a process or a real-account test), APP (the application's job).`,
    '',
    `**${report.summary.PASS} PASS · ${report.summary.FAIL} FAIL · ${report.summary.MANUAL} MANUAL · ${report.summary.APP} APP** — ${acknowledgementLine(report)}, ${report.findings.length} open findings.`,
    '',
    'A status marked *(available)* is an optional control this configuration leaves off: it was judged on a build with it switched on (see the control).',
    '',
    ...mutationLines(report),
    // The mutation column only when the suite ran (`npm run report` runs it).
    `| Control | Status | Seeds | Promise | Resources | Rules |${proved ? ' Mutations killed |' : ''}`,
    `|---|---|---|---|---|---|${proved ? '---|' : ''}`,
  ];
  for (const c of report.controls) {
    const killed = proved ? ` ${c.mutations ? `${c.mutations.killed} / ${c.mutations.proven}` : '—'} |` : '';
    out.push(`| ${c.id} | ${statusWord(c)} | ${c.seeds.join(' ')} | ${cell(c.title)} | ${c.resources.length} | ${c.rules.length} |${killed}`);
  }
  out.push('', '## Controls in detail', '');
  for (const c of report.controls) {
    out.push(`### ${c.id} — ${statusWord(c)}`, '', `${c.title} (seeds ${c.seeds.join(', ')}). ${c.how}`, '');
    if (c.deployedBy) out.push(`*Optional:* ${c.deployedBy}.`, '');
    if (c.engine) out.push(`*Engine:* ${c.engine}.`, '');
    if (c.reasons.length) out.push(...c.reasons.map((r) => `- ✗ ${r}`), '');
    if (c.rules.length) out.push(`Rules: ${c.rules.map((r) => `\`${r}\``).join(', ')}`, '');
    if (c.mutations && c.mutations.proven > 0) {
      out.push(`Proven against ${c.mutations.proven} mutations, ${c.mutations.killed} killed:`, '', '| Mutation | Outcome | The change | Killed by |', '|---|---|---|---|');
      for (const m of c.mutations.list) {
        const by = [...m.hardenedFindings, ...m.standardFindings].map((f) => f.split(' at ')[0]);
        out.push(`| \`${m.id}\` | ${m.outcome}${m.outcome === 'killed' && !m.onMutatedResource ? ' (elsewhere)' : ''} | ${cell(m.change)} | ${cell([...new Set(by)].join(', '))} |`);
      }
      out.push('');
    }
    if (c.resources.length) {
      out.push('| Resource | Stack (region) | Evidence |', '|---|---|---|');
      const seen = new Set<string>();
      for (const r of c.resources) {
        if (seen.has(r.path)) continue;
        seen.add(r.path);
        out.push(`| \`${r.path}\` | ${r.stack} (${r.region}) | ${cell(JSON.stringify(r.evidence))} |`);
      }
      out.push('');
    }
  }
  out.push(
    '## Acknowledged findings',
    '',
    `${acknowledgementLine(report)}. A finding is one check failing on one construct; NIST 800-53, HIPAA and PCI DSS report the same check under three rule ids, listed together.`,
    '',
    '| Check | Construct | Rule ids | Reason |',
    '|---|---|---|---|',
  );
  for (const f of report.acknowledgedFindings) {
    out.push(`| ${cell(f.check)} | \`${cell(f.resource)}\` | ${f.rules.map((r) => `\`${cell(r)}\``).join(' ')} | ${cell(f.reason)} |`);
  }
  return out.join('\n') + '\n';
}

function mutationLines(report: ComplianceReport): string[] {
  const m = report.mutationSummary;
  if (!m) return [];
  return [
    `**Mutation proof:** ${m.killed} of ${m.total} mutations killed, ${m.onMutatedResource} with the finding on the mutated resource (${m.onChangedResource} on the changed resource itself, the others on the resource the mutation names, with its reason). The standard packs alone kill ${m.killedByStandardPacks}; the project's pack kills ${m.killedByHardenedPack}, ${m.killedOnlyByHardenedPack} of them with no standard-pack finding at all.`,
    '',
  ];
}

/** The one-screen terminal summary. */
export function complianceSummary(report: ComplianceReport): string {
  const lines = [`Controls: ${report.summary.PASS} PASS, ${report.summary.FAIL} FAIL, ${report.summary.MANUAL} MANUAL, ${report.summary.APP} APP`];
  const width = 8;
  for (const c of report.controls) {
    if (c.kind === 'app') continue;
    lines.push(`  ${c.id.padEnd(width)} ${c.status.padEnd(6)} ${c.title.slice(0, 80)}`);
    if (c.deployedBy) lines.push(`  ${''.padEnd(width)}   ↳ ${c.deployedBy.split(';')[0]} (not deployed here; judged on a build with it on)`);
    for (const r of c.reasons.slice(0, 3)) lines.push(`  ${''.padEnd(width)}   ✗ ${r}`);
  }
  lines.push(`Acknowledged: ${acknowledgementLine(report)}; open findings: ${report.findings.length}`);
  const m = report.mutationSummary;
  if (m) {
    lines.push(`Mutations: ${m.killed}/${m.total} killed; standard packs alone kill ${m.killedByStandardPacks}, the project's pack ${m.killedByHardenedPack} (${m.killedOnlyByHardenedPack} only by it)`);
  }
  return lines.join('\n') + '\n';
}
