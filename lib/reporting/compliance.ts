import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { Control, CONTROLS, JUDGED_BY_STANDARD_PACKS } from '../controls/catalog';
import { HARDENED_RULES, hardenedRuleId } from '../nag/hardened-checks';
import { beginScan, endScan, props } from '../nag/rules/support';
import { Acknowledgement, Finding } from './assembly';
import { EVIDENCE_PROPERTIES } from './evidence';

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
  /** Why a FAIL is a FAIL (empty otherwise). */
  readonly reasons: string[];
  readonly rules: string[];
  readonly resources: ImplementingResource[];
}

export interface ComplianceReport {
  readonly generatedAt: string;
  readonly controls: ControlResult[];
  readonly acknowledgements: Acknowledgement[];
  readonly findings: Finding[];
  readonly summary: Record<ControlStatus, number>;
}

const STANDARD_PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321', 'Serverless'];

function cfnResources(scope: IConstruct): CfnResource[] {
  return scope.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
}

function pick(values: Record<string, any>, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const value = p.split('.').reduce<any>((node, key) => (node === undefined || node === null ? undefined : node[key]), values);
    if (value !== undefined) out[p] = value;
  }
  return out;
}

/**
 * Judges every catalog control against a built app: each rule of the project pack is run over
 * every resource it applies to; COMPLIANT resources are the ones that implement the control,
 * NON_COMPLIANT ones are failures unless a finding was acknowledged (then the acknowledgement is
 * listed with its reason). Findings of the standard packs decide GOV-2.
 */
export function judgeControls(app: IConstruct, findings: Finding[], acknowledgements: Acknowledgement[]): ComplianceReport {
  const resources = cfnResources(app);
  const results: ControlResult[] = [];
  beginScan();
  try {
    for (const control of CONTROLS) {
      const rules = HARDENED_RULES.filter((r) => r.controlId === control.id);
      const implementing: ImplementingResource[] = [];
      const reasons: string[] = [];
      for (const r of rules) {
        const id = hardenedRuleId(r);
        for (const node of resources) {
          if (!r.resourceTypes.includes(node.cfnResourceType)) continue;
          let outcome: NagRuleCompliance;
          try {
            outcome = r.rule(node);
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
              evidence: pick(props(node), EVIDENCE_PROPERTIES[node.cfnResourceType] ?? []),
            });
          } else if (outcome === NagRuleCompliance.NON_COMPLIANT) {
            const acknowledged = acknowledgements.some((a) => a.rule === id && node.node.path.startsWith(a.resource));
            if (!acknowledged) reasons.push(`${id} fails at ${node.node.path}`);
          }
        }
      }
      for (const f of findings) {
        if (rules.some((r) => f.rule.startsWith(hardenedRuleId(r))) && !reasons.some((x) => x.includes(f.resource))) {
          reasons.push(`${f.rule} fails at ${f.resource}`);
        }
      }
      let status: ControlStatus;
      if (control.kind === 'app') status = 'APP';
      else if (control.kind === 'manual') status = 'MANUAL';
      else if (JUDGED_BY_STANDARD_PACKS.includes(control.id)) {
        const standard = findings.filter((f) => STANDARD_PACKS.includes(f.pack));
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
        reasons,
        rules: rules.map(hardenedRuleId),
        resources: implementing,
      });
    }
  } finally {
    endScan();
  }
  const summary: Record<ControlStatus, number> = { PASS: 0, FAIL: 0, MANUAL: 0, APP: 0 };
  for (const r of results) summary[r.status]++;
  return { generatedAt: new Date().toISOString(), controls: results, acknowledgements, findings, summary };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function complianceMarkdown(report: ComplianceReport): string {
  const out: string[] = [
    '# Compliance report',
    '',
    `Generated ${report.generatedAt} from the synthesized stacks. Status words: PASS (the templates meet it), FAIL, MANUAL (a process or a real-account test), APP (the application's job).`,
    '',
    `**${report.summary.PASS} PASS · ${report.summary.FAIL} FAIL · ${report.summary.MANUAL} MANUAL · ${report.summary.APP} APP** — ${report.acknowledgements.length} acknowledged findings, ${report.findings.length} open findings.`,
    '',
    '| Control | Status | Seeds | Promise | Resources | Rules |',
    '|---|---|---|---|---|---|',
  ];
  for (const c of report.controls) {
    out.push(`| ${c.id} | ${c.status} | ${c.seeds.join(' ')} | ${cell(c.title)} | ${c.resources.length} | ${c.rules.length} |`);
  }
  out.push('', '## Controls in detail', '');
  for (const c of report.controls) {
    out.push(`### ${c.id} — ${c.status}`, '', `${c.title} (seeds ${c.seeds.join(', ')}). ${c.how}`, '');
    if (c.reasons.length) out.push(...c.reasons.map((r) => `- ✗ ${r}`), '');
    if (c.rules.length) out.push(`Rules: ${c.rules.map((r) => `\`${r}\``).join(', ')}`, '');
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
  out.push('## Acknowledged findings', '', '| Rule | Construct | Reason |', '|---|---|---|');
  for (const a of report.acknowledgements) out.push(`| ${cell(a.rule)} | \`${cell(a.resource)}\` | ${cell(a.reason)} |`);
  return out.join('\n') + '\n';
}

/** The one-screen terminal summary. */
export function complianceSummary(report: ComplianceReport): string {
  const lines = [`Controls: ${report.summary.PASS} PASS, ${report.summary.FAIL} FAIL, ${report.summary.MANUAL} MANUAL, ${report.summary.APP} APP`];
  const width = 8;
  for (const c of report.controls) {
    if (c.kind === 'app') continue;
    lines.push(`  ${c.id.padEnd(width)} ${c.status.padEnd(6)} ${c.title.slice(0, 80)}`);
    for (const r of c.reasons.slice(0, 3)) lines.push(`  ${''.padEnd(width)}   ✗ ${r}`);
  }
  lines.push(`Acknowledged findings: ${report.acknowledgements.length}; open findings: ${report.findings.length}`);
  return lines.join('\n') + '\n';
}
