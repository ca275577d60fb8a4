// Loads TypeScript in the child processes of the tests (the background synthesis of the test
// sequencer, test-sequencer.js -> build-default-assembly.ts; the entry point and the scripts the
// tests run as a user would) through esbuild's transform, file by file:
// esbuild is already a pinned dev dependency (CDK bundles the functions with it), it strips the
// types without checking them (tsc --noEmit checks them in CI) and starts seconds faster than
// ts-node's TypeScript compiler, which matters at the head of every test run.
const fs = require('fs');
const { transformSync } = require('esbuild');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    loader: 'ts',
    format: 'cjs',
    target: 'es2022',
    sourcemap: 'inline',
    sourcefile: filename,
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true } },
  });
  module._compile(code, filename);
};
