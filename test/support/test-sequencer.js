// Orders the test files of a jest run around the shared synthesized app (test/support/assembly.ts):
// when a selected file reads it, the default app is synthesized in a background process
// (build-default-assembly.ts) from the start of the run, while the workers run files that do
// not need it; the readers come once enough other work has been handed out to cover the
// synthesis. Without this, a reader that started early would hold its worker idle until the
// synthesis ends, and readers queued last would leave a long tail.
// Otherwise jest's own order: failed first, then slowest first, from jest's timing cache; a file
// jest has no timing for yet (a fresh clone) counts as a typical file of its project, so the
// engine and mutation files start first instead of last (jest would order them by file size).
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const Sequencer = require('@jest/test-sequencer').default;

/** An import of the shared assembly module (`…/support/assembly` or `./assembly`). */
const READS_ASSEMBLY = /(?:from\s+|require\(\s*)['"](?:\.{1,2}\/)+(?:support\/)?assembly['"]/;
/** Work (per worker) handed out before the first reader: about one background synthesis (build-default-assembly.ts) beside two busy workers. */
const HEAD_START_MS = 10_000;
/** A file jest has no timing for yet counts as this long, by jest project (jest.config.js). */
const TYPICAL_MS = { unit: 300, app: 2_000, integration: 8_000 };

/** A file far heavier than its project's typical one says so on a line of its own: `// test-weight: 30 s`. */
const DECLARED_WEIGHT = /^\/\/ test-weight: (\d+) s\b/m;

/** Expected run time of a test file: jest's last measurement, else its own declaration, else its project's typical one. */
const weight = (t) => t.duration ?? declaredMs(t.path) ?? TYPICAL_MS[t.context.config.displayName?.name] ?? 1_000;

/** Each test file's source, read once: both the declared weight and the assembly import are read from it. */
const sources = new Map();
function sourceOf(file) {
  if (!sources.has(file)) sources.set(file, fs.readFileSync(file, 'utf8'));
  return sources.get(file);
}

function declaredMs(file) {
  const m = DECLARED_WEIGHT.exec(sourceOf(file));
  return m ? Number(m[1]) * 1_000 : undefined;
}

class SharedAssemblyInBackground extends Sequencer {
  constructor(options) {
    super(options);
    this.globalConfig = options?.globalConfig ?? {};
  }

  async sort(tests) {
    const failed = new Set((await super.sort(tests)).filter((t) => this.hasFailed(t)));
    const ordered = [...tests].sort((a, b) => Number(failed.has(b)) - Number(failed.has(a)) || weight(b) - weight(a));
    const reads = new Set(ordered.filter((t) => READS_ASSEMBLY.test(sourceOf(t.path))));
    if (reads.size === 0 || this.globalConfig.listTests) return ordered;
    startSynthesis(ordered[0].context.config.rootDir);
    const others = ordered.filter((t) => !reads.has(t));
    const budget = HEAD_START_MS * Math.max(1, this.globalConfig.maxWorkers ?? 1);
    let handedOut = 0;
    let head = 0;
    while (head < others.length && handedOut < budget) handedOut += weight(others[head++]);
    const rest = [...others.slice(head), ...ordered.filter((t) => reads.has(t))];
    return [...others.slice(0, head), ...rest.sort((a, b) => weight(b) - weight(a))];
  }
}

/** Starts build-default-assembly.ts; it takes the assembly's lock (a reader that was quicker synthesizes itself). */
function startSynthesis(rootDir) {
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'esbuild-register.js'), path.join(__dirname, 'build-default-assembly.ts')], {
    cwd: rootDir,
    stdio: 'ignore',
  });
  child.unref();
  // The global teardown stops it if the run ends first (test/support/global-teardown.ts).
  globalThis[Symbol.for('hardened-stack.assembly-synthesis')] = child;
}

module.exports = SharedAssemblyInBackground;
