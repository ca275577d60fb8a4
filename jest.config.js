// Three projects, chosen by what a file does rather than by its folder (test/support/test-projects.js):
// - `unit`: plain functions of lib/ and lambda/, no construct tree;
// - `app`: constructs and the synthesized app (one shared default assembly per run, test/support/assembly.ts);
// - `integration`: `*.integration.test.ts`: real engines (moto_server, Suricata 7, PostgreSQL 15,
//   cfn-lint) and the rule packs proven by mutation (test/mutation/*.integration.test.ts).
// `npm run test:fast` (the CI gate on every change) = unit + app; `npm test` = all three.
// Load tests too slow for either run are in `npm run bench` (test/bench/jest.config.js).
const os = require('os');
const path = require('path');
const { testProjects } = require('./test/support/test-projects');

process.env.HARDENED_TEST_RUN ??= String(process.pid);

// Jest's transform cache stays in the machine's temporary directory (warm from run to run) ...
const cacheDirectory = path.join(os.tmpdir(), `jest_hardened-stack_${os.userInfo().uid}`);
// ... and everything else the run writes there goes into one directory of its own, removed by the
// global teardown: every CDK App built without an outdir makes a `cdk.out*` directory in the
// temporary directory at construction (aws-cdk-lib's CloudAssemblyBuilder), and the tests build
// thousands of them (each rule's smallest stacks, the mutations, the variants).
const RUN_DIR_PREFIX = 'hardened-stack-run-';
if (!path.basename(os.tmpdir()).startsWith(RUN_DIR_PREFIX)) {
  const runDir = path.join(os.tmpdir(), `${RUN_DIR_PREFIX}${process.env.HARDENED_TEST_RUN}`);
  require('fs').mkdirSync(runDir, { recursive: true });
  process.env.TMPDIR = runDir;
}

// TypeScript through SWC (@swc/jest): types stripped file by file, not checked (tsc --noEmit
// checks them in CI). ts-jest's compiler cost about 20 s of CPU per run on a fresh clone (cold
// transform cache), more than a third of the fast gate.
const transform = {
  '^.+\\.tsx?$': ['@swc/jest', { swcrc: false, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: 'inline' }],
};

/**
 * JUnit XML for CI (reports/junit.xml; reports/ is git-ignored): one <testsuite> per file, one
 * <testcase> per test, classname = the file (how CI views group tests), name = describe › test.
 */
const junit = {
  outputDirectory: '<rootDir>/reports',
  outputName: 'junit.xml',
  suiteName: 'hardened-stack',
  suiteNameTemplate: '{filepath}',
  classNameTemplate: '{filepath}',
  titleTemplate: (vars) => [vars.classname, vars.title].filter(Boolean).join(' › '),
  ancestorSeparator: ' › ',
  addFileAttribute: 'true',
  reportTestSuiteErrors: 'true',
};

module.exports = {
  // One worker per core (jest's default, cores - 1, leaves a core of a 2-core runner idle); one
  // more when the integration project runs: its files wait on engines and on real time (a database
  // credential rotation, a shutdown grace period), and the extra worker keeps the cores busy meanwhile.
  maxWorkers: os.cpus().length + (runsIntegration(process.argv) ? 1 : 0),
  reporters: ['default', ['jest-junit', junit]],
  // The shared synthesized app is built while the other worker runs the tests that don't need it.
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
  projects: project('unit', 'app', 'integration'),
};

/** Jest project configs, each matching exactly its own files. */
function project(...names) {
  const files = testProjects(path.join(__dirname, 'test'));
  return names.map((name) => ({
    displayName: name,
    testEnvironment: 'node',
    roots: ['<rootDir>/test'],
    testMatch: files[name].map((f) => `<rootDir>/${path.relative(__dirname, f).split(path.sep).join('/')}`),
    // The shared assembly and the moto_servers of the run are removed after the last test.
    globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    cacheDirectory,
    transform,
    // Module code compiled once per worker and shared by its test files (test/support/shared-script-runtime.js).
    runtime: '<rootDir>/test/support/shared-script-runtime.js',
  }));
}

/** Whether this jest run includes the integration project (every project unless --selectProjects leaves it out). */
function runsIntegration(argv) {
  const at = argv.findIndex((a) => a === '--selectProjects' || a.startsWith('--selectProjects='));
  if (at < 0) return true;
  return argv[at] === '--selectProjects=integration' || argv.slice(at + 1).includes('integration');
}
