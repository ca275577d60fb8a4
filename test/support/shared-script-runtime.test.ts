import * as path from 'path';
import * as vm from 'vm';

// The runtime every jest project uses (jest.config.js): code is shared between a worker's test
// files, state is not. These are the properties a test run relies on.
const { compileShared, sharedScriptOf } = require('./shared-script-runtime') as {
  compileShared: (executor: unknown, source: string, filename: string) => ((...args: unknown[]) => void) | null | undefined;
  sharedScriptOf: (filename: string) => vm.Script | undefined;
};

/** The part of jest-runtime's ModuleExecutor that compileShared reads, for one test file's context. */
function executorFor(context: vm.Context) {
  return {
    environment: { getVmContext: () => context },
    injectedModuleParameters: ['module', 'exports', 'require'],
    resolution: { isCoreModule: () => false },
    dynamicImport: () => Promise.reject(new Error('not used here')),
  };
}

/** Runs a module function like jest does; returns its exports. */
function load(fn: ((...args: unknown[]) => void) | null | undefined): any {
  if (typeof fn !== 'function') throw new Error(`no module function: ${String(fn)}`);
  const module = { exports: {} as any };
  fn.call(module.exports, module, module.exports, require);
  return module.exports;
}

const COUNTER = 'let calls = 0;\nmodule.exports = () => ++calls;\n';

describe('shared-script runtime', () => {
  let file = 0;
  const fresh = () => path.join('/virtual', `module-${++file}.js`);

  test('every test file gets the module state anew: the code is shared, the state is not', () => {
    const filename = fresh();
    const first = load(compileShared(executorFor(vm.createContext({})), COUNTER, filename));
    expect([first(), first()]).toEqual([1, 2]);
    const second = load(compileShared(executorFor(vm.createContext({})), COUNTER, filename));
    expect(second()).toBe(1);
    expect(first()).toBe(3);
  });

  test('a module is compiled once per worker, and again when its source changed', () => {
    const filename = fresh();
    load(compileShared(executorFor(vm.createContext({})), COUNTER, filename));
    const compiled = sharedScriptOf(filename);
    expect(compiled).toBeInstanceOf(vm.Script);
    load(compileShared(executorFor(vm.createContext({})), COUNTER, filename));
    expect(sharedScriptOf(filename)).toBe(compiled);
    const edited = load(compileShared(executorFor(vm.createContext({})), 'module.exports = () => "edited";\n', filename));
    expect(sharedScriptOf(filename)).not.toBe(compiled);
    expect(edited()).toBe('edited');
  });

  test("errors keep the module's own file, line and column", () => {
    const filename = fresh();
    const thrower = load(compileShared(executorFor(vm.createContext({})), 'module.exports = () => {\n  throw new Error("boom");\n};\n', filename));
    expect(() => thrower()).toThrow('boom');
    try {
      thrower();
    } catch (e) {
      expect((e as Error).stack).toContain(`${filename}:2:9`);
    }
  });

  test("a source V8 cannot compile is left to jest's own compile (which reports it its way)", () => {
    expect(compileShared(executorFor(vm.createContext({})), 'module.exports = ;', fresh())).toBeUndefined();
  });

  test('a disposed test environment compiles nothing (as jest-runtime)', () => {
    expect(compileShared(executorFor(undefined as unknown as vm.Context), COUNTER, fresh())).toBeNull();
  });

  test('every jest project runs on it', () => {
    const config = require('../../jest.config.js');
    expect(config.projects.map((p: any) => path.basename(p.runtime))).toEqual(config.projects.map(() => 'shared-script-runtime.js'));
  });
});
