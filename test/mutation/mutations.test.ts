import { CONTROLS } from '../../lib/controls/catalog';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { cdkContext } from '../support/context';
import { ALL_MUTATIONS } from './catalog';
import { MutationResult, MutationRunner, onResourceShare, shortfalls } from './runner';

// The rule packs proven by mutation (issue #18): every defect below, applied to the real stacks
// built from the default configuration, must make a rule pack report a new finding.
jest.setTimeout(120_000);

const runner = new MutationRunner({ config: DEFAULT_CONFIG, context: cdkContext() });
const results: MutationResult[] = [];
const templateControls = CONTROLS.filter((c) => c.kind === 'template').map((c) => c.id);

describe('the mutation catalog', () => {
  test('has at least 3 mutations for every template-checkable control and at least 90 in all, with unique ids', () => {
    const perControl = new Map(templateControls.map((id) => [id, ALL_MUTATIONS.filter((m) => m.control === id).length]));
    expect([...perControl].filter(([, n]) => n < 3)).toEqual([]);
    expect(ALL_MUTATIONS.length).toBeGreaterThanOrEqual(90);
    expect(new Set(ALL_MUTATIONS.map((m) => m.id)).size).toBe(ALL_MUTATIONS.length);
    expect(ALL_MUTATIONS.filter((m) => !templateControls.includes(m.control)).map((m) => m.id)).toEqual([]);
  });

  test('the unmutated build has no open finding (a finding there would hide a mutation)', () => {
    expect(runner.baselineFindings()).toEqual([]);
  });
});

describe.each(templateControls)('%s', (control) => {
  const mutations = ALL_MUTATIONS.filter((m) => m.control === control);
  test.each(mutations.map((m) => [m.id, m] as const))('%s is killed', (_id, m) => {
    const r = runner.run(m);
    results.push(r);
    expect(shortfalls(r)).toEqual([]);
  });
});

describe('the kills', () => {
  test('at least 95 % land on the mutated resource (or the resource the mutation names, with its reason)', () => {
    expect(results.length).toBe(ALL_MUTATIONS.length);
    const off = results.filter((r) => r.outcome === 'killed' && !r.onMutatedResource).map((r) => `${r.id}: ${[...r.hardenedFindings, ...r.standardFindings].join(', ')}`);
    expect(onResourceShare(results)).toBeGreaterThanOrEqual(0.95);
    expect(off.length).toBeLessThanOrEqual(Math.floor(results.length * 0.05));
  });

  test('each mutation takes well under a second of CPU (one process, tree-only apps)', () => {
    const mean = (key: 'cpuMs' | 'durationMs') => results.reduce((sum, r) => sum + r[key], 0) / Math.max(1, results.length);
    // Wall time is reported for the record only: on a shared runner it measures the neighbours.
    process.stdout.write(`mutations: ${results.length}, mean ${mean('cpuMs').toFixed(0)} ms CPU, ${mean('durationMs').toFixed(0)} ms wall each\n`);
    expect(mean('cpuMs')).toBeLessThan(1_000);
  });
});
