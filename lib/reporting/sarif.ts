/**
 * The rule-pack findings as SARIF 2.1.0, the format CI systems show as code-scanning alerts:
 * open findings as results, acknowledged ones as results with an in-source suppression whose
 * justification is the acknowledgement's reason. Each result points at the synthesized template
 * (file, and the line of the resource's logical id) and names the construct path.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as sarif from 'sarif';
import { AssemblyReport } from './assembly';
import { RuleText } from './rule-catalog';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Where a construct's resource is: its stack's template and, when it maps to one resource, its logical id and line. */
export interface ResourceLocation {
  readonly templateFile: string;
  readonly logicalId?: string;
  readonly line?: number;
}

export type Locator = (constructPath: string) => ResourceLocation | undefined;

/**
 * Reads, from a cloud assembly, which template and logical id each construct path synthesized
 * to (the `aws:cdk:logicalId` metadata of every stack). A path that is not a resource itself
 * (an acknowledgement on an L2 construct) resolves to its `Resource` child, else to the first
 * resource below it.
 */
export function assemblyLocator(outdir: string): Locator {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const byPath = new Map<string, ResourceLocation>();
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const templateFile: string = artifact.properties.templateFile;
    const templateText = fs.readFileSync(path.join(outdir, templateFile), 'utf8');
    const metadataPath = path.join(outdir, artifact.properties.metadataFile ?? `${id}.metadata.json`);
    const metadata = fs.existsSync(metadataPath) ? JSON.parse(fs.readFileSync(metadataPath, 'utf8')) : (artifact.metadata ?? {});
    byPath.set(id, { templateFile });
    for (const [constructPath, entries] of Object.entries<any[]>(metadata)) {
      const logicalId = entries.find((e) => e.type === 'aws:cdk:logicalId')?.data;
      if (typeof logicalId === 'string') byPath.set(constructPath.replace(/^\//, ''), { templateFile, logicalId, line: lineOf(templateText, logicalId) });
    }
  }
  const paths = [...byPath.keys()];
  return (constructPath) => {
    const p = constructPath.replace(/^\//, '');
    const exact = byPath.get(p) ?? byPath.get(`${p}/Resource`);
    if (exact) return exact;
    const below = paths.find((candidate) => candidate.startsWith(`${p}/`) && byPath.get(candidate)?.logicalId);
    if (below) return byPath.get(below);
    const stack = paths.find((candidate) => p.startsWith(`${candidate}/`) && !byPath.get(candidate)?.logicalId);
    return stack ? byPath.get(stack) : undefined;
  };
}

/** 1-based line of the resource's key in a pretty-printed template (the first `"<id>": {`). */
function lineOf(templateText: string, logicalId: string): number | undefined {
  const at = templateText.indexOf(`"${logicalId}": {`);
  return at < 0 ? undefined : templateText.slice(0, at).split('\n').length;
}

const baseRuleId = (rule: string) => rule.replace(/\[.*\]$/, '');

export interface SarifOptions {
  /** Rule texts by id (`rulePackCatalog()`). */
  readonly catalog: readonly RuleText[];
  readonly locate: Locator;
  /** Directory of the templates relative to the repository root, as the URIs are written. @default 'cdk.out' */
  readonly templateDir?: string;
  /** cdk-nag's version, for the tool entry. */
  readonly toolVersion?: string;
}

/** The SARIF log of one synthesis: one run, one tool (the rule packs), every finding and acknowledgement. */
export function rulePackSarif(report: AssemblyReport, options: SarifOptions): sarif.Log {
  const texts = new Map(options.catalog.map((r) => [r.id, r]));
  const templateDir = options.templateDir ?? 'cdk.out';
  const rules: sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const ruleFor = (rule: string): { ruleId: string; ruleIndex: number; text?: RuleText } => {
    const ruleId = baseRuleId(rule);
    const text = texts.get(ruleId);
    if (!ruleIndex.has(ruleId)) {
      ruleIndex.set(ruleId, rules.length);
      rules.push({
        id: ruleId,
        shortDescription: { text: text?.info ?? ruleId },
        ...(text ? { fullDescription: { text: text.explanation } } : {}),
        ...(text?.helpUri ? { helpUri: text.helpUri } : {}),
        help: { text: text ? `${text.info} ${text.explanation}` : `No description for ${ruleId}.` },
        defaultConfiguration: { level: text?.level ?? 'error' },
        properties: { pack: text?.pack ?? ruleId.split('-')[0], ...(text?.controlId ? { tags: [text.controlId] } : {}) },
      });
    }
    return { ruleId, ruleIndex: ruleIndex.get(ruleId)!, text };
  };
  const locations = (constructPath: string): sarif.Location[] => {
    const where = options.locate(constructPath);
    const logical: sarif.LogicalLocation[] = [{ fullyQualifiedName: constructPath.replace(/^\//, ''), kind: 'resource' }];
    if (!where) return [{ logicalLocations: logical }];
    return [
      {
        physicalLocation: {
          artifactLocation: { uri: `${templateDir}/${where.templateFile}` },
          ...(where.line ? { region: { startLine: where.line } } : {}),
        },
        logicalLocations: where.logicalId ? [...logical, { name: where.logicalId, kind: 'member' }] : logical,
      },
    ];
  };
  // The finding id with its `[…]` detail and the construct path: stable across runs, so a CI
  // system matches an alert to the same finding next time.
  const fingerprint = (rule: string, constructPath: string) => ({ 'rulePackFinding/v1': `${rule}@${constructPath.replace(/^\//, '')}` });

  const results: sarif.Result[] = [];
  for (const f of report.findings) {
    const { ruleId, ruleIndex: index, text } = ruleFor(f.rule);
    results.push({
      ruleId,
      ruleIndex: index,
      level: f.level.toLowerCase() === 'warning' ? 'warning' : (text?.level ?? 'error'),
      message: { text: `${f.rule}: ${f.description || text?.info || 'finding'} (${f.resource})` },
      locations: locations(f.resource),
      partialFingerprints: fingerprint(f.rule, f.resource),
    });
  }
  for (const a of report.acknowledgements) {
    const { ruleId, ruleIndex: index, text } = ruleFor(a.rule);
    results.push({
      ruleId,
      ruleIndex: index,
      level: text?.level ?? 'error',
      message: { text: `${a.rule}: ${text?.info ?? 'acknowledged finding'} (${a.resource})` },
      locations: locations(a.resource),
      partialFingerprints: fingerprint(a.rule, a.resource),
      suppressions: [{ kind: 'inSource', status: 'accepted', justification: a.reason }],
    });
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cdk-nag rule packs',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            informationUri: 'https://github.com/cdklabs/cdk-nag',
            rules,
          },
        },
        results,
      },
    ],
  };
}
