/**
 * Defines the jest tests that prove the rule packs by mutation for one part of the catalog: each
 * mutation must be killed, the kills must land on the mutated resource, and each mutation must
 * stay well under a second of CPU. The catalog is split over several test files so that jest runs
 * them in parallel workers; each file builds its own baseline once.
 */
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { cdkContext } from '../support/context';
import { Mutation } from '../../lib/mutation/mutation';
import { MutationResult, MutationRunner, onResourceShare, shortfalls } from '../../lib/mutation/runner';

export function proveByMutation(mutations: readonly Mutation[]): void {
  jest.setTimeout(120_000);
  const runner = new MutationRunner({ config: DEFAULT_CONFIG, context: cdkContext() });
  const results: MutationResult[] = [];
  const controls = [...new Set(mutations.map((m) => m.control))];

  test('the unmutated build has no open finding (a finding there would hide a mutation)', () => {
    expect(runner.baselineFindings()).toEqual([]);
  });

  describe.each(controls)('%s', (control) => {
    test.each(mutations.filter((m) => m.control === control).map((m) => [m.id, m] as const))('%s is killed', (_id, m) => {
      const r = runner.run(m);
      results.push(r);
      expect(shortfalls(r)).toEqual([]);
    });
  });

  describe('the kills', () => {
    test('at least 95 % land on the mutated resource (or on the resource the mutation names, with its reason)', () => {
      expect(results.length).toBe(mutations.length);
      expect(onResourceShare(results)).toBeGreaterThanOrEqual(0.95);
    });

    test('each mutation takes well under a second of CPU (tree-only apps, one baseline per file)', () => {
      const mean = (key: 'cpuMs' | 'durationMs') => results.reduce((sum, r) => sum + r[key], 0) / Math.max(1, results.length);
      // Wall time is reported for the record only: on a shared runner it measures the neighbours.
      process.stdout.write(`mutations: ${results.length}, mean ${mean('cpuMs').toFixed(0)} ms CPU, ${mean('durationMs').toFixed(0)} ms wall each\n`);
      expect(mean('cpuMs')).toBeLessThan(1_000);
    });
  });
}
