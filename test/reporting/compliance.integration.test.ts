/**
 * `npm run report`'s judgement (issue #9) of the default configuration: the findings and
 * acknowledgements of the run's shared assembly (synthesized with every rule pack, as the script
 * does), the controls judged on the construct tree of the same configuration with its aspects
 * applied as synthesis applies them (the same judgement as on the synthesized tree, without a
 * second synthesis), plus the build with the optional controls on. Two whole-app builds, hence
 * in the integration project.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { CONTROLS } from '../../lib/controls/catalog';
import { buildHardenedStacks } from '../../lib/hardened-app';
import { invokeAspects } from '../../lib/mutation/runner';
import { ACKNOWLEDGEMENT_BUDGET } from '../../lib/nag/acknowledgement-budget';
import { AssemblyReport } from '../../lib/reporting/assembly';
import { ComplianceReport, complianceMarkdown, complianceSummary, judgeControls } from '../../lib/reporting/compliance';
import { buildOptionalControlsApp } from '../../lib/reporting/optional-controls';
import { defaultAssembly } from '../support/assembly';
import { cdkContext, standInApp } from '../support/context';

jest.setTimeout(300_000);

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-report-'));
let app: App;
let assembly: AssemblyReport;
let report: ComplianceReport;
const optionalBuild = () => buildOptionalControlsApp(DEFAULT_CONFIG, cdkContext(), path.join(outdir, 'optional'));

beforeAll(() => {
  assembly = defaultAssembly();
  app = standInApp();
  buildHardenedStacks(app, DEFAULT_CONFIG);
  invokeAspects(app);
  report = judgeControls(app, assembly.findings, assembly.acknowledgements, optionalBuild);
});

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const statusOf = (r: ComplianceReport) => Object.fromEntries(r.controls.map((c) => [c.id, c.status]));

describe('the compliance report of the default configuration', () => {
  test('every control judged from templates PASSes; the others are MANUAL or APP', () => {
    const expected = Object.fromEntries(CONTROLS.map((c) => [c.id, c.kind === 'template' ? 'PASS' : c.kind === 'manual' ? 'MANUAL' : 'APP']));
    expect(statusOf(report)).toEqual(expected);
    // A PASS is backed by resources that implement it and the rules that judged them.
    for (const c of report.controls.filter((x) => x.kind === 'template' && x.id !== 'GOV-2')) {
      expect({ id: c.id, resources: c.resources.length > 0, rules: c.rules.length > 0 }).toEqual({ id: c.id, resources: true, rules: true });
    }
  });

  test('optional controls left off (WEB-4/5/6 at pattern 0) are judged on the pattern-3 build and say so', () => {
    for (const id of ['WEB-4', 'WEB-5', 'WEB-6']) {
      const c = report.controls.find((x) => x.id === id)!;
      expect(c.deployedBy).toMatch(/^available with edge\.authPattern/);
      expect(c.resources.length).toBeGreaterThan(0);
    }
    // Controls the default configuration deploys carry no such note.
    expect(report.controls.filter((c) => c.deployedBy).map((c) => c.id)).toEqual(['WEB-4', 'WEB-5', 'WEB-6']);
  });

  test('without the optional build, WEB-4/5/6 FAIL: nothing in the app implements them', () => {
    const without = judgeControls(app, assembly.findings, assembly.acknowledgements);
    for (const id of ['WEB-4', 'WEB-5', 'WEB-6']) {
      const c = without.controls.find((x) => x.id === id)!;
      expect({ id, status: c.status, reasons: c.reasons }).toEqual({ id, status: 'FAIL', reasons: ['no resource in the app implements this control'] });
    }
  });

  test('an open finding of a project rule FAILs its control, with the finding as the reason', () => {
    const finding = { pack: 'Hardened', rule: 'Hardened-NET-1-FirewallInEveryAz', level: 'Error', resource: 'Hardened-Network/InspectionFirewall/Firewall', description: 'x' };
    const judged = judgeControls(app, [finding], assembly.acknowledgements, optionalBuild);
    const net1 = judged.controls.find((c) => c.id === 'NET-1')!;
    expect(net1.status).toBe('FAIL');
    expect(net1.reasons).toContain(`${finding.rule} fails at ${finding.resource}`);
  });

  test('NET-1/2/6 carry the firewall engine\'s evidence: its summary on a PASS, its problems as FAIL reasons', () => {
    const agreed = judgeControls(app, assembly.findings, assembly.acknowledgements, optionalBuild, (id) =>
      ['NET-1', 'NET-2', 'NET-6'].includes(id) ? { summary: `engine replayed ${id}`, problems: [] } : undefined,
    );
    expect(agreed.controls.filter((c) => c.engine).map((c) => [c.id, c.status, c.engine])).toEqual([
      ['NET-1', 'PASS', 'engine replayed NET-1'],
      ['NET-2', 'PASS', 'engine replayed NET-2'],
      ['NET-6', 'PASS', 'engine replayed NET-6'],
    ]);
    expect(complianceMarkdown(agreed)).toContain('*Engine:* engine replayed NET-6.');
    const disagreed = judgeControls(app, assembly.findings, assembly.acknowledgements, optionalBuild, (id) =>
      id === 'NET-6' ? { summary: 'x', problems: ['scenario egress/no-sni expected drop, engine verdict pass'] } : undefined,
    );
    const net6 = disagreed.controls.find((c) => c.id === 'NET-6')!;
    expect([net6.status, net6.reasons]).toEqual(['FAIL', ['scenario egress/no-sni expected drop, engine verdict pass']]);
  });

  test('the Markdown opens with the one-minute summary table; every acknowledged finding is listed with its reason', () => {
    const md = complianceMarkdown(report);
    const lines = md.split('\n');
    const table = lines.indexOf('| Control | Status | Seeds | Promise | Resources | Rules |');
    expect(table).toBeGreaterThan(0);
    expect(table).toBeLessThan(10);
    expect(lines[4]).toMatch(/^\*\*\d+ PASS · 0 FAIL · \d+ MANUAL · \d+ APP\*\*/);
    expect(report.acknowledgedFindings.length).toBeLessThanOrEqual(ACKNOWLEDGEMENT_BUDGET.findings);
    for (const f of report.acknowledgedFindings) {
      expect(md).toContain(`| ${f.check.replace(/\|/g, '\\|')} | \`${f.resource}\` |`);
      expect(f.reason.length).toBeGreaterThanOrEqual(40);
    }
    expect(complianceSummary(report)).toMatch(/^Controls: \d+ PASS, 0 FAIL/);
  });
});
