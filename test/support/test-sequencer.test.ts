import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The order the test sequencer hands files to jest's workers (heaviest first), for runs where
// no file reads the shared assembly (those would start its synthesis).
const Sequencer = require('./test-sequencer');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sequencer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A test file with `body`, in project `project`, as jest hands it to the sequencer. */
function testFile(name: string, project: 'unit' | 'app' | 'integration', body = 'test("x", () => {});\n') {
  const file = path.join(dir, name);
  fs.writeFileSync(file, body);
  return { path: file, context: { config: { cache: false, displayName: { name: project } }, hasteFS: { getSize: (p: string) => fs.statSync(p).size } } };
}

const names = (tests: Array<{ path: string }>) => tests.map((t) => path.basename(t.path));

test('heaviest first: an integration file before an app file before a unit file, when jest has no timing yet', async () => {
  const order = await new Sequencer({ globalConfig: { maxWorkers: 2 } }).sort([
    testFile('a.test.ts', 'unit'),
    testFile('b.test.ts', 'app'),
    testFile('c.integration.test.ts', 'integration'),
  ]);
  expect(names(order)).toEqual(['c.integration.test.ts', 'b.test.ts', 'a.test.ts']);
});

test('a file declaring its weight (`// test-weight: 30 s`) starts before the typical integration file', async () => {
  const order = await new Sequencer({ globalConfig: { maxWorkers: 2 } }).sort([
    // The typical file is the larger one: jest's own tie-break (file size) would start it first.
    testFile('typical.integration.test.ts', 'integration', `// ${'a long comment '.repeat(20)}\ntest("x", () => {});\n`),
    testFile('heavy.integration.test.ts', 'integration', '// test-weight: 30 s\ntest("x", () => {});\n'),
  ]);
  expect(names(order)).toEqual(['heavy.integration.test.ts', 'typical.integration.test.ts']);
});
