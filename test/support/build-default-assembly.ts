/**
 * Run by the test sequencer (test-sequencer.js) in a background process at the start of a jest
 * run: synthesizes the shared default assembly (assembly.ts) while the workers run other files.
 * Takes the assembly's lock like any reader (and writes its process id into it, so readers
 * notice if it dies); when a reader was quicker, it waits and exits.
 */
import { ensureDefaultAssembly } from './assembly';

try {
  ensureDefaultAssembly();
} catch {
  // The readers report the failure (the assembly's .complete file holds it).
  process.exitCode = 1;
}
