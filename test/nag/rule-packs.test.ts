import { defaultAssembly } from '../support/assembly';

// GOV-2: every finding of every pack fixed or acknowledged, narrowly and with a reason.
describe('rule packs on the default configuration', () => {
  test('no unacknowledged finding in any pack', () => {
    const findings = defaultAssembly().findings.map((f) => `${f.rule} at ${f.resource}`);
    expect(findings).toEqual([]);
  });

  test('every acknowledgement is finding-level, on a resource-level construct, with a reason of at least a sentence', () => {
    const { acknowledgements, stacks } = defaultAssembly();
    const stackIds = new Set(stacks.map((s) => s.id));
    for (const a of acknowledgements) {
      // A rule id with its pack prefix, never a bare pack or a wildcard.
      expect(a.rule).toMatch(/^[A-Za-z0-9.]+-[A-Za-z0-9-]+(\[[^\]]+\])?$/);
      // Never on a stack or the app: that would silence the rule for everything in it.
      expect(stackIds.has(a.resource)).toBe(false);
      expect(a.resource.split('/').length).toBeGreaterThan(1);
      expect(a.reason.length).toBeGreaterThanOrEqual(40);
      expect(a.reason).toMatch(/[.!?)]$/);
    }
  });
});
