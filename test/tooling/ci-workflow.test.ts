import * as fs from 'fs';
import * as path from 'path';

// The GitHub Actions example (.github/workflows/ci.yml) is what teams copy: it must parse, gate on
// the commands the README names, and run the full job where its engines install. Until this test,
// an unquoted "npm test: unit" step name made the whole file invalid YAML, and the full job ran on
// Ubuntu, where scripts/install-suricata.sh refuses to install and no PostgreSQL 15 exists.
const yaml = require('js-yaml') as { safeLoad(text: string): unknown };

const root = path.resolve(__dirname, '..', '..');
const read = (...p: string[]) => fs.readFileSync(path.join(root, ...p), 'utf8');

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
}
interface Job {
  readonly container?: string | { image: string };
  readonly steps: Step[];
}

const workflow = yaml.safeLoad(read('.github', 'workflows', 'ci.yml')) as { jobs: Record<string, Job> };
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

test('the gate job installs from the lockfile, type-checks, lints and runs the fast gate', () => {
  const gate = runs(workflow.jobs.gate);
  for (const command of ['npm ci', 'tsc --noEmit', 'npm run lint', 'npm run test:fast']) expect(gate).toContain(command);
  expect(gate).not.toContain('npm install');
});

test("the full job runs the README's test command, synth and cfn-lint, and uploads the SARIF synth writes", () => {
  const full = workflow.jobs.full;
  // The README's quick start: `npm test               # every test: …`.
  const readmeTestCommand = /^(npm [a-z:]+)\s+# every test/m.exec(read('README.md'))?.[1];
  expect(readmeTestCommand).toBe('npm test');
  for (const command of ['npm ci', readmeTestCommand!, 'npm run synth', 'cfn-lint --non-zero-exit-code error']) expect(runs(full)).toContain(command);
  const sarif = full.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
  expect(sarif?.with?.sarif_file).toBe('cdk.out/nag-findings.sarif');
});

test('the full job runs where its engines install: a Debian release install-suricata.sh supports, and the PostgreSQL the tests look for', () => {
  const full = workflow.jobs.full;
  const image = typeof full.container === 'string' ? full.container : full.container?.image;
  const supported = [...read('scripts', 'install-suricata.sh').matchAll(/^\s+(\w+)\) suites=/gm)].map((m) => m[1]);
  expect(supported).toEqual(expect.arrayContaining(['bookworm']));
  expect(supported.some((codename) => image?.endsWith(`-${codename}`))).toBe(true);
  expect(runs(full)).toContain('scripts/install-suricata.sh');
  const postgresBin = /\?\? '\/usr\/lib\/postgresql\/(\d+)\/bin'/.exec(read('test', 'app-tier', 'reference-app', 'postgres.ts'))?.[1];
  expect(postgresBin).toBeDefined();
  expect(runs(full)).toMatch(new RegExp(`apt-get install [^\\n]*\\bpostgresql-${postgresBin}\\b`));
});
