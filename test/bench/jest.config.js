// `npm run bench` runs these: load tests that take minutes against moto_server (the 12,000-address
// capacity run), too slow for `npm test`. Their scaled-down versions run in the integration jest project.
process.env.HARDENED_TEST_RUN ??= String(process.pid);

module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/bench'],
  // `*.load-test.ts`, so neither `npm test` nor `npm run test:fast` picks them up.
  testMatch: ['**/*.load-test.ts'],
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  transform: require('../../jest.config.js').projects[0].transform,
};
