// Jest's module runtime, with each module's compiled code shared by the test files of a worker.
//
// Jest gives every test file a fresh module registry (so no state leaks between files) and, in
// jest-runtime 30, compiles every module again for it with `vm.compileFunction`, which V8 does not
// cache: aws-cdk-lib's largest modules were parsed and compiled once per test file, about a quarter
// of the CPU of the fast gate (profile of `jest --selectProjects unit app -i`: 12.0 of 48.7 s in
// `internalCompileFunction`, 5.3 s more in the garbage collector). `vm.compileFunction` misses V8's
// compilation cache where `vm.Script` hits it (nodejs/node#35375); a `vm.Script` compiled once can
// run in every test file's context, and its functions' bytecode, compiled on first call, is shared
// too. The same approach as Backstage's jest runtime (@backstage/cli, config/jestCachingModuleLoader.js).
//
// What stays per test file: the module registry, every module's exports and state (the script runs
// again in each file's own context and returns a new function), mocks, and the transform (jest's
// cache). What is shared: only code, keyed by the exact transformed source, so an edited file
// compiles again. Stack traces keep their lines and columns (the wrapper sits on a line of its own).
const vm = require('vm');
const { default: JestRuntime } = require('jest-runtime');

const WRAPPER_KEY = 'Object.<anonymous>';
/** Compiled scripts of this worker, by file: { source, parameters, script }. */
const scripts = new Map();
/** The runtime of the test file this worker runs now (files run one at a time in a worker). */
let active;

class SharedScriptRuntime extends JestRuntime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    if (typeof executor?.compile !== 'function' || !Array.isArray(executor.injectedModuleParameters) || typeof executor.dynamicImport !== 'function') {
      // jest-runtime's internals changed (an upgrade): say where, rather than run tests on a half-working loader.
      throw new Error('test/support/shared-script-runtime.js: jest-runtime no longer has ModuleExecutor.compile/injectedModuleParameters/dynamicImport; adapt the shared-script runtime to the new jest-runtime or remove `runtime` from jest.config.js');
    }
    const compileAlone = executor.compile.bind(executor);
    executor.compile = (source, filename) => compileShared(executor, source, filename) ?? compileAlone(source, filename);
    active = executor;
  }
}

/** The module function of `filename` in the current test file's context; undefined when only jest's own compile can say why it fails. */
function compileShared(executor, source, filename) {
  const vmContext = executor.environment.getVmContext();
  if (vmContext == null) return null;
  const parameters = executor.injectedModuleParameters.join(',');
  let entry = scripts.get(filename);
  if (!entry || entry.parameters !== parameters || entry.source !== source) {
    const scriptFilename = executor.resolution.isCoreModule(filename) ? `jest-nodejs-core-${filename}` : filename;
    let script;
    try {
      script = new vm.Script(`({${JSON.stringify(WRAPPER_KEY)}:function(${parameters}){\n${source}\n}});`, {
        filename: scriptFilename,
        lineOffset: -1,
        // The script outlives the test file that compiled it: `import()` goes to the file running now.
        importModuleDynamically: (specifier, _script, importAttributes) =>
          active.dynamicImport(specifier, scriptFilename, active.environment.getVmContext(), importAttributes),
      });
    } catch {
      // A syntax error (or ESM syntax in a CommonJS file): jest's own compile reports it its way.
      return undefined;
    }
    entry = { source, parameters, script };
    scripts.set(filename, entry);
  }
  return entry.script.runInContext(vmContext)[WRAPPER_KEY];
}

module.exports = SharedScriptRuntime;
// For test/support/shared-script-runtime.test.ts.
module.exports.compileShared = compileShared;
module.exports.sharedScriptOf = (filename) => scripts.get(filename)?.script;
