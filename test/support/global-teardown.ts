import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ASSEMBLY_DIR } from './assembly';
import { stopWorkerMotos } from './moto-server';

/**
 * After the last test: stops the moto_servers of the run's workers (aws-fixture.ts) and removes
 * the run's shared assembly and temporary directory, first stopping its background synthesis (test-sequencer.js) if the
 * run ended before it.
 */
export default async function globalTeardown(): Promise<void> {
  await stopWorkerMotos();
  const synthesis = (globalThis as Record<symbol, ChildProcess | undefined>)[Symbol.for('hardened-stack.assembly-synthesis')];
  if (synthesis && synthesis.exitCode === null && synthesis.signalCode === null) synthesis.kill('SIGTERM');
  fs.rmSync(ASSEMBLY_DIR, { recursive: true, force: true });
  fs.rmSync(`${ASSEMBLY_DIR}.lock`, { recursive: true, force: true });
  // The run's own temporary directory (jest.config.js points TMPDIR at it): the cdk.out
  // directories of every App the tests built, engines' scratch files.
  const runDir = os.tmpdir();
  if (path.basename(runDir).startsWith('hardened-stack-run-')) fs.rmSync(runDir, { recursive: true, force: true });
}
