// Sorts the test files into jest's three projects by what they do, read from the file itself
// (no folder decides it; a file's folder mirrors the code it tests):
// - `integration`: named `*.integration.test.ts`: it runs a real engine (moto_server, Suricata 7,
//   PostgreSQL 15, cfn-lint, a child process of the tool) or proves the rule packs by mutation;
// - `app`: it builds CDK constructs or reads the synthesized app: the file, or a test helper it
//   imports (followed through test/), imports aws-cdk-lib, constructs or cdk-nag;
// - `unit`: everything else: plain functions of lib/ and lambda/, no construct tree.
// A file may say otherwise on a line of its own: `// test-project: app` (or `unit`), for a file
// whose cost the import rule misjudges. `npm run test:fast` (the CI gate) is unit + app; `npm test` all three.
const fs = require('fs');
const path = require('path');

const CDK_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"](?:aws-cdk-lib|constructs|cdk-nag)(?:\/[^'"]*)?['"]/;
const LOCAL_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
const DECLARED = /^\/\/ test-project: (unit|app)$/m;

/** Whether `file` (or a test helper it imports) builds constructs. Helpers outside test/ don't count. */
function buildsConstructs(file, testRoot, memo, visiting = new Set()) {
  if (memo.has(file)) return memo.get(file);
  if (visiting.has(file)) return false;
  visiting.add(file);
  const source = fs.readFileSync(file, 'utf8');
  let builds = CDK_IMPORT.test(source);
  for (const m of builds ? [] : source.matchAll(LOCAL_IMPORT)) {
    const target = path.resolve(path.dirname(file), m[1]);
    if (!target.startsWith(testRoot + path.sep)) continue;
    const resolved = [`${target}.ts`, `${target}.js`, target, path.join(target, 'index.ts')].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    if (resolved && buildsConstructs(resolved, testRoot, memo, visiting)) {
      builds = true;
      break;
    }
  }
  memo.set(file, builds);
  return builds;
}

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : testFiles(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The project of one test file: 'unit', 'app' or 'integration'. */
function projectOf(file, testRoot, memo = new Map()) {
  if (file.endsWith('.integration.test.ts')) return 'integration';
  const declared = DECLARED.exec(fs.readFileSync(file, 'utf8'));
  if (declared) return declared[1];
  return buildsConstructs(file, testRoot, memo) ? 'app' : 'unit';
}

/** Every test file under `testRoot`, by project. */
function testProjects(testRoot) {
  const memo = new Map();
  const out = { unit: [], app: [], integration: [] };
  for (const file of testFiles(testRoot)) out[projectOf(file, testRoot, memo)].push(file);
  return out;
}

module.exports = { testProjects, projectOf };
