/**
 * `npm run synth`'s SARIF file, built from the shared synthesized assembly: valid against the
 * SARIF 2.1.0 JSON schema, every acknowledgement a suppressed result with its reason, every
 * result pointing at the template line of its resource, every rule described by its pack.
 *
 * The schema (fixtures/sarif-2.1.0-rtm.5.json) is copied unchanged from the npm package
 * @microsoft/jest-sarif@1.0.0-beta.0 (MIT, lib/schemas/): the OASIS SARIF 2.1.0 schema, draft-04.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as sarif from 'sarif';
import { AssemblyReport } from '../../lib/reporting/assembly';
import { RuleText, rulePackCatalog } from '../../lib/reporting/rule-catalog';
import { assemblyLocator, rulePackSarif } from '../../lib/reporting/sarif';
import { ASSEMBLY_DIR, defaultAssembly } from '../support/assembly';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
// unicodeRegExp off: the schema's language-tag pattern has a stray `]`, valid only without the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const schemaErrors = (log: unknown) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

let report: AssemblyReport;
let catalog: RuleText[];
let log: sarif.Log;
beforeAll(() => {
  report = defaultAssembly();
  catalog = rulePackCatalog();
  log = rulePackSarif(report, { catalog, locate: assemblyLocator(ASSEMBLY_DIR), templateDir: ASSEMBLY_DIR, toolVersion: '3.0.2' });
});

test('the log of the default app is valid SARIF 2.1.0', () => {
  expect(schemaErrors(log)).toEqual([]);
  expect(log.runs).toHaveLength(1);
});

test('the schema check is live: a wrong version, a result without a message and an unknown level are refused', () => {
  const broken = JSON.parse(JSON.stringify(log));
  broken.version = '2.0.0';
  broken.runs[0].results[0].level = 'fatal';
  delete broken.runs[0].results[0].message;
  expect(schemaErrors(broken)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^\/version /), expect.stringMatching(/level/), expect.stringMatching(/message/)]),
  );
});

test('every acknowledgement is a suppressed result whose justification is its reason', () => {
  const results = log.runs[0].results ?? [];
  expect(report.acknowledgements.length).toBeGreaterThan(0);
  expect(results).toHaveLength(report.findings.length + report.acknowledgements.length);
  const suppressed = results.filter((r) => r.suppressions?.length);
  expect(suppressed.map((r) => [r.partialFingerprints?.['rulePackFinding/v1'], r.suppressions?.[0].justification])).toEqual(
    report.acknowledgements.map((a) => [`${a.rule}@${a.resource}`, a.reason]),
  );
  for (const r of suppressed) expect(r.suppressions?.[0]).toMatchObject({ kind: 'inSource', status: 'accepted' });
});

test('every result points at its template and, for a resource, the line of its logical id', () => {
  const results = log.runs[0].results ?? [];
  let withLine = 0;
  for (const r of results) {
    const physical = r.locations?.[0].physicalLocation;
    expect([r.ruleId, physical?.artifactLocation?.uri]).toEqual([r.ruleId, expect.stringMatching(/\.template\.json$/)]);
    const lines = fs.readFileSync(physical!.artifactLocation!.uri!, 'utf8').split('\n');
    const logicalId = r.locations?.[0].logicalLocations?.find((l) => l.kind === 'member')?.name;
    if (physical?.region?.startLine && logicalId) {
      withLine++;
      expect(lines[physical.region.startLine - 1]).toContain(`"${logicalId}": {`);
    }
  }
  // Acknowledgements sit on L2 constructs or resources: each resolves to a resource.
  expect(withLine).toBe(results.length);
});

test("each rule carries its pack's texts; cdk-nag rules link to cdk-nag's rule list", () => {
  const rules = log.runs[0].tool.driver.rules ?? [];
  const byId = new Map(catalog.map((r) => [r.id, r]));
  for (const rule of rules) {
    const text = byId.get(rule.id);
    expect([rule.id, text !== undefined]).toEqual([rule.id, true]);
    expect(rule.shortDescription?.text).toBe(text!.info);
    if (text!.pack !== 'Hardened') expect(rule.helpUri).toBe('https://github.com/cdklabs/cdk-nag/blob/main/RULES.md');
  }
  const ids = (log.runs[0].results ?? []).map((r) => r.ruleId);
  expect(ids).toContain('AwsSolutions-IAM5');
  expect(ids.every((id) => !id?.includes('['))).toBe(true);
});

test('an open finding is an unsuppressed error at its resource', () => {
  const acknowledged = report.acknowledgements.find((a) => a.rule.startsWith('Serverless-'))!;
  const open: AssemblyReport = {
    ...report,
    findings: [{ pack: 'Serverless', rule: acknowledged.rule, level: 'Error', resource: `${acknowledged.resource}/Resource`, description: 'probe' }],
    acknowledgements: [],
  };
  const [result] = rulePackSarif(open, { catalog, locate: assemblyLocator(ASSEMBLY_DIR) }).runs[0].results ?? [];
  expect(result).toMatchObject({ ruleId: acknowledged.rule, level: 'error', message: { text: expect.stringContaining('probe') } });
  expect(result.suppressions).toBeUndefined();
  expect(result.locations?.[0].physicalLocation?.artifactLocation?.uri).toMatch(/^cdk\.out\/.*\.template\.json$/);
});
