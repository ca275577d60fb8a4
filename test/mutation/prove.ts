/**
 * Defines the jest tests that prove the rule packs by mutation (test/mutation/rule-packs.integration.test.ts):
 * each mutation must be killed, the kills must land on the mutated resource, and each mutation
 * must stay well under a second of CPU. The mutations are judged against one baseline in a plain
 * node child process (run-mutations.ts: about a third less CPU than inside jest's module sandbox)
 * and the tests assert on the results.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { Mutation } from '../../lib/mutation/mutation';
import { MutationResult, onResourceShare, shortfalls } from '../../lib/mutation/runner';

interface Judged {
  readonly baseline: string[];
  readonly results: MutationResult[];
}

function judgeInChild(ids: readonly string[]): Promise<Judged> {
  const args = ['-r', path.join(__dirname, '../support/esbuild-register.js'), path.join(__dirname, 'run-mutations.ts'), ...ids];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024, env: process.env }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the mutation run failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Judged);
    });
  });
}

export function proveByMutation(mutations: readonly Mutation[]): void {
  jest.setTimeout(300_000);
  let judged: Judged;
  const results: MutationResult[] = [];
  const controls = [...new Set(mutations.map((m) => m.control))];

  beforeAll(async () => {
    judged = await judgeInChild(mutations.map((m) => m.id));
  });

  test('the unmutated build has no open finding (a finding there would hide a mutation)', () => {
    expect(judged.baseline).toEqual([]);
  });

  describe.each(controls)('%s', (control) => {
    test.each(mutations.filter((m) => m.control === control).map((m) => [m.id, m] as const))('%s is killed', (id) => {
      const r = judged.results.find((x) => x.id === id);
      expect(r).toBeDefined();
      results.push(r!);
      expect(shortfalls(r!)).toEqual([]);
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
