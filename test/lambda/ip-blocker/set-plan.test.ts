import { parseCidr } from '../../../lambda/shared/cidr';
import { NeverBlockPolicy } from '../../../lambda/ip-blocker/never-block';
import { BlockRecord, ExpiringEntry, bySoonestExpiry, planAdditions, planReconcile, selectEvictions } from '../../../lambda/ip-blocker/set-plan';

const policy = new NeverBlockPolicy({ allowlist: [parseCidr('8.8.4.0/24')!], ownCidrs: [parseCidr('10.20.0.0/16')!] });
const host = (n: number) => `20.0.${Math.floor(n / 256)}.${n % 256}/32`;
const entry = (n: number, expiresAt: number): ExpiringEntry => ({ address: host(n), expiresAt });
const record = (n: number, expiresAt: number): BlockRecord => ({ ...entry(n, expiresAt), version: 4, findingId: `f${n}` });

async function* asyncOf<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

describe('eviction', () => {
  test('picks the members closest to expiry, passing over non-members and reading no further than needed', async () => {
    const members = new Set([host(1), host(2), host(3), host(4)]);
    let read = 0;
    async function* soonest() {
      for (const e of [entry(9, 10), entry(3, 20), entry(1, 30), entry(4, 40), entry(2, 50)]) {
        read++;
        yield e;
      }
    }
    expect(await selectEvictions(members, 2, soonest())).toEqual([entry(3, 20), entry(1, 30)]);
    expect(read).toBe(3);
  });

  test('members without a record (unknown expiry) are evicted only when the records run out', async () => {
    const members = new Set([host(1), host(2), host(3)]);
    expect(await selectEvictions(members, 2, [entry(2, 5)])).toEqual([entry(2, 5), { address: host(1), expiresAt: 0 }]);
    expect(await selectEvictions(members, 0, [entry(2, 5)])).toEqual([]);
  });

  test('ordering: expiry, then address', () => {
    const sorted = [entry(2, 5), entry(1, 5), entry(0, 9), entry(3, 1)].sort(bySoonestExpiry);
    expect(sorted.map((e) => e.address)).toEqual([host(3), host(1), host(2), host(0)]);
  });

  test('planAdditions keeps the set at the limit, evicting the entries nearest to expiry', async () => {
    const expiries = new Map([1, 2, 3, 4, 5].map((n) => [host(n), n * 100]));
    expiries.set(host(6), 250); // an addition that expires before some current entries
    expiries.set(host(7), 999);
    const soonest = () => asyncOf([...expiries].map(([address, expiresAt]) => ({ address, expiresAt })).sort(bySoonestExpiry));
    const plan = await planAdditions({
      current: [host(1), host(2), host(3), host(4), host(5)],
      additions: [host(6), host(7), host(5)],
      version: 4,
      limit: 5,
      policy,
      soonestFirst: soonest,
    });
    expect(plan.evicted).toEqual([entry(1, 100), entry(2, 200)]);
    expect(plan.next.sort()).toEqual([host(3), host(4), host(5), host(6), host(7)].sort());
    expect(plan.added.sort()).toEqual([host(6), host(7)].sort());
    expect(plan.removed).toEqual([]);
  });

  test('an addition closer to expiry than everything else is evicted at once', async () => {
    const plan = await planAdditions({
      current: [host(1), host(2)],
      additions: [host(3)],
      version: 4,
      limit: 2,
      policy,
      soonestFirst: () => [entry(3, 1), entry(1, 10), entry(2, 20)],
    });
    expect(plan.evicted).toEqual([entry(3, 1)]);
    expect(plan.added).toEqual([]);
    expect(plan.next).toEqual([host(1), host(2)]);
  });

  test('below the limit the expiry index is not read', async () => {
    const plan = await planAdditions({
      current: [host(1)],
      additions: [host(2)],
      version: 4,
      limit: 2,
      policy,
      soonestFirst: () => {
        throw new Error('must not be read');
      },
    });
    expect(plan.next).toEqual([host(1), host(2)]);
  });

  test('entries the policy forbids are dropped from the set, non-canonical ones rewritten', async () => {
    const plan = await planAdditions({
      current: ['8.8.4.4/32', '10.20.0.0/16', '0.0.0.0/0', 'junk', '2a01:4f8::1/128', '020.0.0.1/32', '20.0.0.9/32'],
      additions: [],
      version: 4,
      limit: 10,
      policy,
      soonestFirst: () => [],
    });
    expect(plan.removed.map((r) => [r.address, r.reason])).toEqual([
      ['8.8.4.4/32', 'allowlist'],
      ['10.20.0.0/16', 'own-network'],
      ['0.0.0.0/0', 'zero-prefix'],
      ['junk', 'malformed'],
      ['2a01:4f8::1/128', 'wrong-version'],
      ['020.0.0.1/32', 'malformed'],
    ]);
    expect(plan.next).toEqual(['20.0.0.9/32']);
  });
});

describe('reconcile plan', () => {
  const now = 1_000;
  const base = { version: 4 as const, nowSeconds: now, policy };

  test('removes expired and orphaned entries, restores missing active ones', () => {
    const plan = planReconcile({
      ...base,
      current: [host(1), host(2), host(3)],
      records: [record(1, now - 1), record(2, now + 50), record(4, now + 60), record(5, now)],
      limit: 10,
    });
    expect(plan.next).toEqual([host(2), host(4)]);
    expect(plan.expired.map((r) => r.address)).toEqual([host(1), host(5)]);
    expect(plan.orphaned).toEqual([host(3)]);
    expect(plan.restored.map((r) => r.address)).toEqual([host(4)]);
    expect(plan.evicted).toEqual([]);
    expect(plan.changed).toBe(true);
  });

  test('unchanged when the set already matches the active records', () => {
    const plan = planReconcile({ ...base, current: [host(2), host(1)], records: [record(1, now + 5), record(2, now + 9)], limit: 10 });
    expect(plan.changed).toBe(false);
    expect(plan.restored).toEqual([]);
  });

  test('records and entries the policy now forbids are removed', () => {
    const allowlisted = { address: '8.8.4.4/32', version: 4 as const, expiresAt: now + 100 };
    const plan = planReconcile({ ...base, current: ['8.8.4.4/32', host(1)], records: [allowlisted, record(1, now + 5)], limit: 10 });
    expect(plan.next).toEqual([host(1)]);
    expect(plan.forbidden).toEqual([{ address: '8.8.4.4/32', reason: 'allowlist', record: allowlisted }]);
    expect(plan.changed).toBe(true);
  });

  test('more active records than the limit: keeps the latest expiries', () => {
    const records = [record(1, now + 30), record(2, now + 10), record(3, now + 20), record(4, now + 40)];
    const plan = planReconcile({ ...base, current: [], records, limit: 2 });
    expect(plan.next).toEqual([host(1), host(4)]);
    expect(plan.evicted.map((r) => r.address)).toEqual([host(2), host(3)]);
  });

  test('records of the other IP version are ignored', () => {
    const v6: BlockRecord = { address: '2a01:4f8::1/128', version: 6, expiresAt: now + 10 };
    const plan = planReconcile({ ...base, current: [], records: [v6], limit: 10 });
    expect(plan.next).toEqual([]);
    expect(plan.changed).toBe(false);
  });
});
