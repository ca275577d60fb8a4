import * as fs from 'fs';
import * as path from 'path';

/** What the synthesized cloud assembly says about one stack. */
export interface StackSummary {
  readonly id: string;
  readonly region: string;
  readonly templateFile: string;
  readonly resourceCount: number;
}

export interface Finding {
  readonly pack: string;
  readonly rule: string;
  readonly level: string;
  readonly resource: string;
  readonly description: string;
}

export interface Acknowledgement {
  readonly rule: string;
  readonly resource: string;
  readonly reason: string;
}

export interface AssemblyReport {
  readonly stacks: StackSummary[];
  readonly findings: Finding[];
  readonly acknowledgements: Acknowledgement[];
}

// Acknowledgements CDK records for itself (template-schema warnings), not ours to count.
const FRAMEWORK_ACK_PREFIX = 'CloudFormation-Validate::';

/** Reads stacks, rule-pack findings and acknowledgements from a cloud assembly directory. */
export function readAssembly(outdir: string): AssemblyReport {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks: StackSummary[] = [];
  const acknowledgements: Acknowledgement[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const templateFile = artifact.properties.templateFile;
    const template = JSON.parse(fs.readFileSync(path.join(outdir, templateFile), 'utf8'));
    const region = String(artifact.environment ?? '').split('/').pop() ?? '';
    stacks.push({ id, region, templateFile, resourceCount: Object.keys(template.Resources ?? {}).length });
    const metadataFile = artifact.properties.metadataFile ?? `${id}.metadata.json`;
    const metadataPath = path.join(outdir, metadataFile);
    const metadata = fs.existsSync(metadataPath) ? JSON.parse(fs.readFileSync(metadataPath, 'utf8')) : artifact.metadata ?? {};
    for (const [constructPath, entries] of Object.entries<any[]>(metadata)) {
      for (const entry of entries) {
        if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
        for (const [key, reason] of Object.entries<string>(entry.data ?? {})) {
          if (key.startsWith(FRAMEWORK_ACK_PREFIX)) continue;
          acknowledgements.push({ rule: key.replace(/^annotation::/i, ''), resource: constructPath.replace(/^\//, ''), reason });
        }
      }
    }
  }
  const findings: Finding[] = [];
  const reportPath = path.join(outdir, 'validation-report.json');
  if (fs.existsSync(reportPath)) {
    const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
    for (const plugin of report.pluginReports ?? []) {
      for (const v of plugin.violations ?? []) {
        for (const r of v.violatingConstructs ?? v.violatingResources ?? []) {
          findings.push({
            pack: plugin.pluginName,
            rule: v.ruleName,
            level: v.severity ?? 'error',
            resource: r.constructPath ?? r.resourceLogicalId ?? '?',
            description: v.description ?? '',
          });
        }
      }
    }
  }
  stacks.sort((a, b) => a.id.localeCompare(b.id));
  acknowledgements.sort((a, b) => a.resource.localeCompare(b.resource) || a.rule.localeCompare(b.rule));
  return { stacks, findings, acknowledgements };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const csv = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The readable rule-pack report: findings, then every acknowledgement with its reason. */
export function rulePackMarkdown(report: AssemblyReport): string {
  const lines = [
    '# Rule-pack report',
    '',
    `Stacks: ${report.stacks.length} · findings: ${report.findings.length} · acknowledgements: ${report.acknowledgements.length}`,
    '',
    '## Findings',
    '',
  ];
  if (report.findings.length === 0) lines.push('None: every rule of every pack passed or was acknowledged below.');
  else {
    lines.push('| Rule | Resource | Level | Pack |', '|---|---|---|---|');
    for (const f of report.findings) lines.push(`| ${cell(f.rule)} | ${cell(f.resource)} | ${f.level} | ${f.pack} |`);
  }
  lines.push('', '## Acknowledgements', '', '| Rule | Resource | Reason |', '|---|---|---|');
  for (const a of report.acknowledgements) lines.push(`| ${cell(a.rule)} | ${cell(a.resource)} | ${cell(a.reason)} |`);
  return lines.join('\n') + '\n';
}

export function rulePackCsv(report: AssemblyReport): string {
  const rows = [['kind', 'rule', 'resource', 'level', 'reason_or_description'].join(',')];
  for (const f of report.findings) rows.push(['finding', f.rule, f.resource, f.level, f.description].map(csv).join(','));
  for (const a of report.acknowledgements) rows.push(['acknowledgement', a.rule, a.resource, 'acknowledged', a.reason].map(csv).join(','));
  return rows.join('\n') + '\n';
}
