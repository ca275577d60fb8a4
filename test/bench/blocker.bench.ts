/**
 * Benchmark of the IP blocker handler against a local moto_server (real WAFv2 IP sets with
 * LockTokens, a real DynamoDB table). Run: npx ts-node --transpile-only test/bench/blocker.bench.ts
 *
 * Prints human-readable lines, then one JSON line:
 * - WAF UpdateIPSet calls per finding (counted by a proxy in front of moto, not by the code),
 * - handler latency p50/p99 for a one-address finding and for a 25-address port probe,
 * - wall time to block 1,000 findings, one invocation at a time as deployed (the blocker's
 *   reserved concurrency is 1); their latencies are the one-address sample.
 * Absolute times are moto's (a Python emulator on this machine), not AWS's: compare runs.
 */
import { CallCounter, MotoServer, startCallCounter, startMoto } from '../support/moto-server';
import { handlerEnv, provision, readSet, useLocalAws } from '../support/aws-fixture';
import { inboundEvent, portProbeEvent, publicIpv4s } from '../lambda/fixtures/events';
import { FloodResult, runFlood } from './blocker-flood';

type Handler = (event: unknown, context?: { awsRequestId?: string }) => Promise<void>;

const FINDINGS = 1000;
const PROBE_RUNS = 200;

const print = process.stdout.write.bind(process.stdout);
const say = (line: string) => print(`${line}\n`);

/** Runs `fn` with the handler's own stdout lines (JSON logs and metrics) discarded. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const original = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = original;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { n: samples.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted[sorted.length - 1]) };
}

async function timed(handler: Handler, events: unknown[]): Promise<number[]> {
  const samples: number[] = [];
  for (const event of events) {
    const t0 = process.hrtime.bigint();
    await handler(event);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return samples;
}

async function main(): Promise<void> {
  const started = Date.now();
  useLocalAws();
  let moto: MotoServer | undefined;
  let counter: CallCounter | undefined;
  try {
    moto = await startMoto();
    counter = await startCallCounter(moto.endpoint);
    say(`moto_server on ${moto.endpoint} (pid ${moto.pid}), WAF calls counted through ${counter.endpoint}`);
    if (process.env.BENCH_SECTION === 'flood') {
      const flood = await floodSection(moto, counter);
      say(JSON.stringify({ flood, backend: 'moto_server (local emulator)', node: process.version }));
      return;
    }
    const provisioned = await provision(moto.endpoint);
    Object.assign(process.env, handlerEnv(provisioned, { moto: moto.endpoint, waf: counter.endpoint }));
    // Loaded after the environment is set: the module reads it once, as in Lambda.
    const { handler } = require('../../lambda/ip-blocker/blocker-handler') as { handler: Handler };
    const lastSeen = new Date(Date.now() - 60_000);
    let offset = 0;
    const fresh = (n: number) => {
      const out = publicIpv4s(n, offset);
      offset += n;
      return out;
    };

    // Warm-up (module-level clients, connections).
    await quietly(() => handler(inboundEvent({ id: 'warm-up', address: fresh(1)[0], lastSeen })));

    counter.resetCounts();
    const bulkAddresses = fresh(FINDINGS);
    const t0 = Date.now();
    const single = await quietly(() =>
      timed(handler, bulkAddresses.map((address, i) => inboundEvent({ id: `single-${i}`, address, lastSeen }))),
    );
    const bulkSeconds = (Date.now() - t0) / 1000;
    const singleUpdates = counter.count('UpdateIPSet');
    const inSet = new Set(await readSet(moto.endpoint, provisioned.ipv4SetArn));
    const allPresent = bulkAddresses.every((a) => inSet.has(`${a}/32`));
    say(`one-address finding:   ${JSON.stringify(summarize(single))}; UpdateIPSet calls ${singleUpdates} for ${FINDINGS} findings`);
    say(`1,000 findings blocked in ${bulkSeconds.toFixed(1)} s (${(FINDINGS / bulkSeconds).toFixed(1)} findings/s); all 1,000 in the set: ${allPresent}`);

    counter.resetCounts();
    const probes = await quietly(() =>
      timed(handler, Array.from({ length: PROBE_RUNS }, (_, i) => portProbeEvent({ id: `probe-${i}`, addresses: fresh(25), lastSeen }))),
    );
    const probeUpdates = counter.count('UpdateIPSet');
    say(`25-address port probe: ${JSON.stringify(summarize(probes))}; UpdateIPSet calls ${probeUpdates} for ${PROBE_RUNS} findings`);
    const finalSize = (await readSet(moto.endpoint, provisioned.ipv4SetArn)).length;
    const flood = await floodSection(moto, counter);

    const result = {
      wafUpdateCallsPerFinding: { oneAddress: singleUpdates / FINDINGS, portProbe25: probeUpdates / PROBE_RUNS },
      oneAddressFindingLatency: summarize(single),
      portProbe25Latency: summarize(probes),
      block1000Findings: { seconds: bulkSeconds, findingsPerSecond: FINDINGS / bulkSeconds, concurrency: 1, allPresent },
      finalSetSize: finalSize,
      flood,
      totalSeconds: (Date.now() - started) / 1000,
      backend: 'moto_server (local emulator)',
      node: process.version,
    };
    say(JSON.stringify(result));
    if (!allPresent || result.wafUpdateCallsPerFinding.oneAddress > 1 || result.wafUpdateCallsPerFinding.portProbe25 > 1) process.exitCode = 1;
  } finally {
    await counter?.stop();
    await moto?.stop();
  }
}

/**
 * The flood of issue #19, batched and then with batching disabled (the baseline). Bars: WAF
 * update calls per offence ≤ 0.05 batched, none lost, none forbidden, and the baseline beaten.
 */
async function floodSection(moto: MotoServer, counter: CallCounter): Promise<{ batched?: FloodResult; unbatched?: FloodResult }> {
  // FLOOD_ONLY=batched|unbatched runs one of the two (each takes minutes against moto).
  const only = process.env.FLOOD_ONLY;
  const batched = only === 'unbatched' ? undefined : await runFlood({ moto, counter, mode: 'batched', offences: Number(process.env.FLOOD_OFFENCES ?? '') || undefined, say, quietly });
  if (batched) say(`flood, batched:   ${JSON.stringify(batched)}`);
  const limit = Number(process.env.FLOOD_BASELINE_OFFENCES ?? '') || undefined;
  const unbatched = only === 'batched' ? undefined : await runFlood({ moto, counter, mode: 'unbatched', offences: limit, say, quietly });
  if (unbatched) say(`flood, unbatched: ${JSON.stringify(unbatched)}`);
  const ok =
    (!batched || (batched.wafUpdateCallsPerOffence <= 0.05 && batched.lost === 0 && batched.forbidden === 0)) &&
    (!unbatched || unbatched.forbidden === 0) &&
    (!batched || !unbatched || batched.wafUpdateCallsPerOffence < unbatched.wafUpdateCallsPerOffence);
  if (!ok) process.exitCode = 1;
  return { batched, unbatched };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
