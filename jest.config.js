// Two projects: `synth` (fast, offline, shares synthesized stacks; what CI gates merges on)
// and `integration` (the blocker against a local moto_server). `npm test` runs both.
// One id per jest run so parallel runs (CI, a developer) never read each other's assembly.
process.env.HARDENED_TEST_RUN ??= String(process.pid);

const transform = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };

module.exports = {
  // Every core: jest's default (cores - 1) leaves one of a 2-core CI runner idle while the shared
  // assembly is synthesized in the other.
  maxWorkers: '100%',
  projects: [
    {
      displayName: 'synth',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      transform,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      transform,
    },
  ],
};
