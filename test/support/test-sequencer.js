// Orders the test files of a jest run so that the shared synthesized app (test/support/assembly.ts,
// built once per run by the first file that reads it) is synthesized while the other workers run
// the files that do not need it: one reader of the assembly first, then every file that does not
// read it, then the other readers. Without this, jest's slowest-first order starts several
// readers at once and all but one sit idle until the synthesis ends.
// Within each group, jest's own order (failed first, then slowest first).
const fs = require('fs');
const Sequencer = require('@jest/test-sequencer').default;

/** An import of the shared assembly module (`…/support/assembly` or `./assembly`). */
const READS_ASSEMBLY = /(?:from\s+|require\(\s*)['"](?:\.{1,2}\/)+(?:support\/)?assembly['"]/;

class SharedAssemblyFirst extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    const reads = new Set(ordered.filter((t) => READS_ASSEMBLY.test(fs.readFileSync(t.path, 'utf8'))));
    if (reads.size === 0) return ordered;
    const readers = ordered.filter((t) => reads.has(t));
    return [readers[0], ...ordered.filter((t) => !reads.has(t)), ...readers.slice(1)];
  }
}

module.exports = SharedAssemblyFirst;
