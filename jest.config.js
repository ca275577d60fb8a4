// Two projects:
// - `synth`: the fast gate CI pipelines run on every change (`npm run test:fast`): unit tests and
//   synth-level tests (offline, one shared synthesized app). Nothing here starts an engine.
// - `integration`: behaviour against real engines (moto_server, Suricata 7, PostgreSQL 15, cfn-lint, …):
//   every `*.integration.test.ts` (beside the unit tests of the code it exercises); and the mutation
//   suite (test/mutation/, one fresh app per injected defect), which proves the rule packs but is too heavy for the fast gate.
// `npm test` runs both. Load tests too slow for either run in `npm run bench` (bench/jest.config.js).
// One id per jest run so parallel runs (CI, a developer) never read each other's assembly.
process.env.HARDENED_TEST_RUN ??= String(process.pid);

const transform = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };

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
  // Every core: jest's default (cores - 1) leaves one of a 2-core CI runner idle while the shared
  // assembly is synthesized in the other.
  maxWorkers: '100%',
  reporters: ['default', ['jest-junit', junit]],
  // The shared synthesized app is built while the other worker runs the tests that don't need it.
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
  projects: [
    {
      displayName: 'synth',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/mutation/', '\\.integration\\.test\\.ts$'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      transform,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/mutation/**/*.test.ts', '**/*.integration.test.ts'],
      transform,
    },
  ],
};
