/**
 * The whole mutation suite as one call, for `npm run report` (scripts/report.ts): the compliance
 * report lists, per control, the mutations it was proven against and whether each was killed.
 */
import type { HardenedConfig } from '../config/types';
import { ALL_MUTATIONS } from './catalog';
import { MutationResult, MutationRunner } from './runner';

export function runMutationSuite(config: HardenedConfig, context: Record<string, unknown>, progress?: (done: number, total: number) => void): MutationResult[] {
  const runner = new MutationRunner({ config, context });
  return ALL_MUTATIONS.map((m, i) => {
    const r = runner.run(m);
    progress?.(i + 1, ALL_MUTATIONS.length);
    return r;
  });
}
