/**
 * WAF's 10,000-address limit, which moto does not enforce: the blocker must. 12,000 distinct
 * attackers arrive in 120 findings whose offences are spread in time in shuffled order; the set
 * must never exceed 10,000, and what it evicts must be the blocks nearest to expiry.
 */
import { captureStdout, handlerEnv, loadHandlers, metricTotal, provision, readSet, readTable, useMotoServer } from '../support/aws-fixture';
import { portProbeEvent, publicIpv4s } from '../lambda/fixtures/events';

const FINDINGS = 120;
const PER_FINDING = 100;
const LIMIT = 10_000;
const TTL = 24 * 3600;

jest.setTimeout(600_000);

const moto = useMotoServer();

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

test('12,000 distinct addresses: the set never exceeds 10,000 and the evicted ones are those nearest to expiry', async () => {
  await moto().reset();
  const p = await provision(moto().endpoint);
  const { blocker } = loadHandlers(handlerEnv(p, { moto: moto().endpoint }));
  const now = Date.now();
  // Finding k was last seen `rank[k]` minutes before the newest: expiry order ≠ arrival order.
  const rank = shuffled(FINDINGS);
  const findings = Array.from({ length: FINDINGS }, (_, k) => ({
    id: `probe-${k}`,
    addresses: publicIpv4s(PER_FINDING, k * PER_FINDING),
    lastSeen: new Date(now - (rank[k] + 1) * 60_000),
  }));
  const expiryOf = new Map<string, number>();
  for (const f of findings) for (const a of f.addresses) expiryOf.set(`${a}/32`, Math.floor(f.lastSeen.getTime() / 1000) + TTL);
  expect(expiryOf.size).toBe(FINDINGS * PER_FINDING);

  const out = captureStdout();
  let largest = 0;
  try {
    for (const f of findings) {
      await blocker(portProbeEvent(f));
      const size = (await readSet(moto().endpoint, p.ipv4SetArn)).length;
      largest = Math.max(largest, size);
      expect(size).toBeLessThanOrEqual(LIMIT);
    }
  } finally {
    out.restore();
  }
  expect(largest).toBe(LIMIT);

  // The 10,000 latest expiries stay; expiries are whole findings here, so there are no ties at the cut.
  const byExpiry = [...expiryOf].sort((a, b) => b[1] - a[1]);
  const expectedKept = byExpiry.slice(0, LIMIT).map(([a]) => a);
  const expectedEvicted = byExpiry.slice(LIMIT).map(([a]) => a);
  const set = await readSet(moto().endpoint, p.ipv4SetArn);
  expect(set.sort()).toEqual(expectedKept.sort());

  const lines = out.lines();
  const evictions = lines.filter((l) => l.event === 'unblock' && l.reason === 'evicted');
  expect(evictions.map((e) => e.address).sort()).toEqual(expectedEvicted.sort());
  expect(metricTotal(lines, 'Evicted')).toBe(FINDINGS * PER_FINDING - LIMIT);
  const keptFloor = Math.min(...expectedKept.map((a) => expiryOf.get(a)!));
  for (const e of evictions) expect(Date.parse(e.expiresAt) / 1000).toBeLessThan(keptFloor);

  // The table forgets evicted blocks too, so the reconciler will not bring them back.
  const table = await readTable(moto().endpoint, p.tableName);
  expect([...table.keys()].sort()).toEqual(expectedKept.sort());
});
