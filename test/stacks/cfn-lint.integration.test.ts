/**
 * cfn-lint on the templates that CI's own cfn-lint step never sees: the authentication patterns
 * 1–3 (CI lints the default assembly, pattern 0) and the monitoring and DR stacks as the tier
 * suite builds them. The tier suites synthesize without CDK's built-in schema validation to stay
 * fast; this is where those variants meet a real CloudFormation linter instead.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildEdge, patternConfig, PATTERNS } from '../edge/support';
import { buildMonitoringFixture } from '../monitoring/fixture';

jest.setTimeout(300_000);

const available = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;

/** Writes each template to a scratch directory and lints them in one cfn-lint run. */
function lint(templates: Record<string, unknown>): { errors: number; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-cfn-lint-'));
  try {
    const files = Object.entries(templates).map(([name, body]) => {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(body));
      return file;
    });
    // Exit codes are bit flags: 2 errors, 4 warnings, 8 informational.
    const result = spawnSync('cfn-lint', ['--format', 'parseable', ...files], { encoding: 'utf8' });
    const errors = result.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
    return { errors: ((result.status ?? 2) & 2) === 0 ? 0 : Math.max(errors.length, 1), output: errors.join('\n') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(available ? describe : describe.skip)('cfn-lint on template variants', () => {
  test('every authentication pattern: the edge stack has no error', () => {
    const templates: Record<string, unknown> = {};
    for (const pattern of PATTERNS) {
      templates[`Edge-pattern-${pattern}`] = buildEdge(patternConfig(pattern)).template.toJSON();
    }
    expect(lint(templates)).toEqual({ errors: 0, output: '' });
  });

  test('the monitoring and DR stacks have no error', () => {
    const fixture = buildMonitoringFixture();
    const assembly = fixture.app.synth();
    const templates = {
      Monitoring: assembly.getStackByName(fixture.monitoring.stackName).template,
      Dr: assembly.getStackByName(fixture.dr.stackName).template,
    };
    expect(lint(templates)).toEqual({ errors: 0, output: '' });
  });
});
