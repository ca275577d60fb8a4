/**
 * Concurrent invocations against one pair of real (moto) IP sets: the LockToken retry must not
 * lose an update, and the same run without retries must lose some (so the test can fail).
 */
import { Provisioned, captureStdout, handlerEnv, loadHandlers, metricTotal, provision, readSet, useMotoServer } from '../../support/aws-fixture';
import { portProbeEvent, publicIpv4s } from '../fixtures/events';

jest.setTimeout(120_000);

const INVOCATIONS = 20;
const PER_INVOCATION = 25;

const moto = useMotoServer();
let p: Provisioned;

beforeEach(async () => {
  await moto().reset();
  p = await provision(moto().endpoint);
});

/** 20 port-probe findings of 25 distinct addresses each, all invoked at once. */
async function runConcurrently(extraEnv: Record<string, string>) {
  const { blocker } = loadHandlers(handlerEnv(p, { moto: moto().endpoint, extra: extraEnv }));
  const lastSeen = new Date(Date.now() - 60_000);
  const batches = Array.from({ length: INVOCATIONS }, (_, i) => publicIpv4s(PER_INVOCATION, i * PER_INVOCATION));
  const out = captureStdout();
  try {
    const results = await Promise.allSettled(batches.map((addresses, i) => blocker(portProbeEvent({ id: `probe-${i}`, addresses, lastSeen }))));
    return { batches, results, lines: out.lines(), set: new Set(await readSet(moto().endpoint, p.ipv4SetArn)) };
  } finally {
    out.restore();
  }
}

test('20 concurrent invocations × 25 addresses: all 500 in the set, nothing lost', async () => {
  const { batches, results, lines, set } = await runConcurrently({});
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  const expected = batches.flat().map((a) => `${a}/32`);
  expect(new Set(expected).size).toBe(500);
  expect([...set].sort()).toEqual(expected.sort());
  // The invocations really did collide: stale LockTokens were met and retried.
  expect(metricTotal(lines, 'WafRetries')).toBeGreaterThan(0);
  expect(metricTotal(lines, 'Blocked')).toBe(500);
});

test('the same run with retries disabled loses updates (the test above can fail)', async () => {
  const { batches, results, set } = await runConcurrently({ WAF_MAX_ATTEMPTS: '1' });
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(set.size).toBeLessThan(500);
  expect(failed.length).toBeGreaterThan(0);
  for (const f of failed) {
    expect(f.reason).toMatchObject({ name: 'IpSetUpdateError', cause: { name: 'WAFOptimisticLockException' } });
  }
  // What is in the set is exactly what the successful invocations wrote: failures are thrown
  // (to the dead-letter queue), never half-applied.
  const succeeded = batches.filter((_, i) => results[i].status === 'fulfilled').flat().map((a) => `${a}/32`);
  expect([...set].sort()).toEqual(succeeded.sort());
});
