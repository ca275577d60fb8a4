/**
 * WAF's address limit per IP set, which moto does not enforce: the blocker must. Distinct
 * attackers arrive in findings whose offences are spread in time in shuffled order; the set must
 * never exceed the limit, and what it evicts must be the blocks nearest to expiry.
 * Run at full scale (12,000 addresses against WAF's 10,000) by `npm run bench`, and scaled down
 * (the same code with a small MAX_SET_SIZE) in `npm test`.
 */
import { MotoServer } from './moto-server';
import { captureStdout, handlerEnv, loadHandlers, metricTotal, provision, readSet, readTable } from './aws-fixture';
import { portProbeEvent, publicIpv4s } from '../lambda/fixtures/events';

export interface CapacityScenario {
  readonly findings: number;
  readonly perFinding: number;
  /** The set's limit; below WAF's 10,000 it is set through MAX_SET_SIZE. */
  readonly limit: number;
}

const WAF_LIMIT = 10_000;
const TTL = 24 * 3600;

/** A fixed permutation (seeded LCG + Fisher–Yates), so a failure can be replayed. */
function shuffled(n: number, seed = 42): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let state = seed;
  for (let i = n - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export async function runCapacityScenario(moto: MotoServer, s: CapacityScenario): Promise<void> {
  await moto.reset();
  const p = await provision(moto.endpoint);
  const extra: Record<string, string> = s.limit < WAF_LIMIT ? { MAX_SET_SIZE: String(s.limit) } : {};
  const { blocker } = loadHandlers(handlerEnv(p, { moto: moto.endpoint, extra }));
  const now = Date.now();
  // Finding k was last seen `rank[k]` minutes before the newest: expiry order ≠ arrival order.
  const rank = shuffled(s.findings);
  const findings = Array.from({ length: s.findings }, (_, k) => ({
    id: `probe-${k}`,
    addresses: publicIpv4s(s.perFinding, k * s.perFinding),
    lastSeen: new Date(now - (rank[k] + 1) * 60_000),
  }));
  const expiryOf = new Map<string, number>();
  for (const f of findings) for (const a of f.addresses) expiryOf.set(`${a}/32`, Math.floor(f.lastSeen.getTime() / 1000) + TTL);
  expect(expiryOf.size).toBe(s.findings * s.perFinding);

  const out = captureStdout();
  let largest = 0;
  try {
    for (const f of findings) {
      await blocker(portProbeEvent(f));
      const size = (await readSet(moto.endpoint, p.ipv4SetArn)).length;
      largest = Math.max(largest, size);
      expect(size).toBeLessThanOrEqual(s.limit);
    }
  } finally {
    out.restore();
  }
  expect(largest).toBe(s.limit);

  // The latest expiries stay; expiries are whole findings here, so there are no ties at the cut.
  const byExpiry = [...expiryOf].sort((a, b) => b[1] - a[1]);
  const expectedKept = byExpiry.slice(0, s.limit).map(([a]) => a);
  const expectedEvicted = byExpiry.slice(s.limit).map(([a]) => a);
  const set = await readSet(moto.endpoint, p.ipv4SetArn);
  expect(set.sort()).toEqual(expectedKept.sort());

  const lines = out.lines();
  const evictions = lines.filter((l) => l.event === 'unblock' && l.reason === 'evicted');
  expect(evictions.map((e) => e.address).sort()).toEqual(expectedEvicted.sort());
  expect(metricTotal(lines, 'Evicted')).toBe(s.findings * s.perFinding - s.limit);
  const keptFloor = Math.min(...expectedKept.map((a) => expiryOf.get(a)!));
  for (const e of evictions) expect(Date.parse(e.expiresAt) / 1000).toBeLessThan(keptFloor);

  // The table forgets evicted blocks too, so the reconciler will not bring them back.
  const table = await readTable(moto.endpoint, p.tableName);
  expect([...table.keys()].sort()).toEqual(expectedKept.sort());
}
