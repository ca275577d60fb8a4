/**
 * cfn-lint on the templates that CI's own cfn-lint step never sees: the authentication patterns
 * 1–3 (CI lints the default assembly, pattern 0) and the monitoring and DR stacks as the tier
 * suite builds them. The tier suites synthesize without CDK's built-in schema validation to stay
 * fast; this is where those variants meet a real CloudFormation linter instead. One cfn-lint run
 * lints every variant (its start-up, loading the resource specification, is most of its time).
 * Without cfn-lint the tests skip locally and fail in CI (test/support/required-tool.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildEdge, patternConfig, PATTERNS } from '../edge/support';
import { buildMonitoringFixture } from '../monitoring/fixture';
import { toolOrSkip } from '../support/required-tool';

jest.setTimeout(300_000);

const CFN_LINT = { name: 'cfn-lint', env: 'HS_REQUIRE_CFN_LINT', install: "Install it with `pip install 'cfn-lint==1.51.0'` (the version CI uses)." };
const available = toolOrSkip(CFN_LINT, spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0);

/** Writes each template to a scratch directory and lints them in one cfn-lint run: error lines by template name. */
function lint(templates: Record<string, unknown>): { status: number; errorsOf: (name: string) => string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-cfn-lint-'));
  try {
    const files = Object.entries(templates).map(([name, body]) => {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(body));
      return file;
    });
    const result = spawnSync('cfn-lint', ['--format', 'parseable', ...files], { encoding: 'utf8' });
    const errors = result.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
    // Exit codes are bit flags: 2 errors, 4 warnings, 8 informational; an error without a parseable line still counts.
    return {
      status: result.status ?? 2,
      errorsOf: (name) => errors.filter((line) => line.startsWith(path.join(dir, `${name}.json:`))),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(available ? describe : describe.skip)('cfn-lint on template variants', () => {
  let run: ReturnType<typeof lint>;
  const edgeNames = PATTERNS.map((pattern) => `Edge-pattern-${pattern}`);
  beforeAll(() => {
    const templates: Record<string, unknown> = {};
    for (const pattern of PATTERNS) templates[`Edge-pattern-${pattern}`] = buildEdge(patternConfig(pattern)).template.toJSON();
    const fixture = buildMonitoringFixture();
    const assembly = fixture.app.synth();
    templates.Monitoring = assembly.getStackByName(fixture.monitoring.stackName).template;
    templates.Dr = assembly.getStackByName(fixture.dr.stackName).template;
    run = lint(templates);
  });

  test('every authentication pattern: the edge stack has no error', () => {
    expect(edgeNames.flatMap(run.errorsOf)).toEqual([]);
  });

  test('the monitoring and DR stacks have no error', () => {
    expect(['Monitoring', 'Dr'].flatMap(run.errorsOf)).toEqual([]);
  });

  test('cfn-lint reports no error at all (exit status without the error flag)', () => {
    expect(run.status & 2).toBe(0);
  });
});
