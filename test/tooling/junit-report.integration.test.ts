/**
 * The JUnit XML that `npm test` writes for CI (jest-junit, configured in jest.config.js): a child
 * jest run of known cases with the project's reporter options, parsed as XML.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const ROOT = path.resolve(__dirname, '../..');
const CASES = path.join(__dirname, 'fixtures', 'junit');

interface JunitRun {
  readonly status: number | null;
  readonly xml: string;
}

/** Runs the fixture cases in a child jest whose only reporter is the project's jest-junit, as configured. */
function runCases(): JunitRun {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'junit-'));
  const configFile = path.join(out, 'jest.cases.config.js');
  fs.writeFileSync(
    configFile,
    `const project = require(${JSON.stringify(path.join(ROOT, 'jest.config.js'))});
const [name, options] = project.reporters.find((r) => Array.isArray(r) && r[0] === 'jest-junit');
module.exports = {
  rootDir: ${JSON.stringify(ROOT)},
  roots: [${JSON.stringify(CASES)}],
  testMatch: ['**/*.case.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  reporters: [[name, { ...options, outputDirectory: ${JSON.stringify(out)} }]],
};
`,
  );
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', configFile, '--ci'], { cwd: ROOT, encoding: 'utf8' });
  const file = path.join(out, 'junit.xml');
  const xml = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  fs.rmSync(out, { recursive: true, force: true });
  if (xml === '') throw new Error(`no JUnit report written: ${run.stderr}`);
  return { status: run.status, xml };
}

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

test('the report has the run totals, one testsuite per file with its path, one testcase per test with the failure text', () => {
  const { status, xml } = runCases();
  expect(status).toBe(1); // one case fails on purpose
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);

  expect(doc.testsuites).toMatchObject({ name: 'hardened-stack', tests: '3', failures: '1' });
  const [suite] = asArray(doc.testsuites.testsuite);
  const file = 'test/tooling/fixtures/junit/sample.case.ts';
  expect(suite).toMatchObject({ name: file, tests: '3', failures: '1', skipped: '1' });
  const cases = asArray<Record<string, any>>(suite.testcase);
  expect(cases.map((c) => [c.classname, c.name, c.file])).toEqual([
    [file, 'outer › inner › passes', file],
    [file, 'outer › fails with a message', file],
    [file, 'is skipped', file],
  ]);
  expect(cases[0].failure).toBeUndefined();
  expect(String(cases[1].failure)).toContain('expected value');
  expect(cases[2]).toHaveProperty('skipped');
});
