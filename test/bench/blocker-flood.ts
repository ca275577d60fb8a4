/**
 * The flood (issue #19): 10,000 offences from 2,000 addresses across every source — firewall
 * ALERT drops, WAF managed-rule blocks (5 each, the default threshold) and GuardDuty findings —
 * with 5 % of the addresses in a never-block range, through the whole path against moto_server:
 * log groups → subscription delivery → intake → offence queue → batches → blocker → table and sets.
 * The intake and the queue's poller run at the same time, as in AWS.
 *
 * Measured: WAF UpdateIPSet calls per offence (counted by a proxy in front of moto), seconds from
 * the first delivery until 99 % (and 100 %) of the blockable addresses are in the sets, addresses
 * lost (blockable but not in a set at the end, or messages left in the queue) and forbidden
 * (never-block addresses in a set). Then the same flood with batching disabled (a batch of one
 * message per invocation, i.e. one decision and one WAF write per offence) as the baseline.
 * Absolute times are moto's (a Python emulator on a shared machine): compare the two runs.
 *
 * Run alone: BENCH_SECTION=flood npx ts-node --transpile-only test/bench/blocker.bench.ts
 * FLOOD_BASELINE_OFFENCES=N limits the baseline to the flood's first N offences (it is slow).
 * FLOOD_ONLY=batched or FLOOD_ONLY=unbatched runs one of the two.
 */
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { CallCounter, MotoServer } from '../support/moto-server';
import { handlerEnv, provision, readSet } from '../support/aws-fixture';
import { FIREWALL_ALERT_GROUP, OffencePipeline, WAF_LOG_GROUP, alertLine, createOffenceQueue, wafRecord } from '../support/offence-pipeline';
import { inboundEvent, publicIpv4s } from '../lambda/fixtures/events';

type Handler = (event: unknown) => Promise<unknown>;

export const FLOOD = { offences: 10_000, addresses: 2_000, neverBlockShare: 0.05, batchSize: 1000, perDelivery: 500, maxQueued: 300 } as const;
/** An allowlisted range in the handlers' environment (handlerEnv's NEVER_BLOCK). */
const NEVER_BLOCK_PREFIX = '66.249.';

interface Offender {
  readonly address: string;
  readonly source: 'firewall' | 'waf' | 'guardduty';
  readonly blockable: boolean;
}

export interface FloodResult {
  readonly mode: 'batched' | 'unbatched';
  readonly offences: number;
  readonly addresses: number;
  readonly blockable: number;
  readonly wafUpdateCalls: number;
  readonly wafUpdateCallsPerOffence: number;
  readonly batches: number;
  readonly secondsTo99PercentBlocked: number | null;
  readonly secondsToAllBlocked: number | null;
  readonly totalSeconds: number;
  readonly lost: number;
  readonly forbidden: number;
  readonly failedMessages: number;
}

/** The flood's offenders: every 20th address is never-blockable; sources rotate. */
export function offenders(): Offender[] {
  const publics = publicIpv4s(FLOOD.addresses);
  return publics.map((address, i) => {
    const blockable = i % Math.round(1 / FLOOD.neverBlockShare) !== 7;
    return {
      address: blockable ? (i % 10 === 3 ? `2a03:b0c0:${(i % 65535).toString(16)}::${i.toString(16)}` : address) : `${NEVER_BLOCK_PREFIX}${64 + (i % 32)}.${(i % 250) + 1}`,
      source: (['firewall', 'waf', 'guardduty'] as const)[i % 3],
      blockable,
    };
  });
}

/** One load-balanced flood through the path; returns its figures. */
export async function runFlood(o: {
  readonly moto: MotoServer;
  readonly counter: CallCounter;
  readonly mode: 'batched' | 'unbatched';
  readonly offences?: number;
  readonly say: (line: string) => void;
  readonly quietly: <T>(fn: () => Promise<T>) => Promise<T>;
}): Promise<FloodResult> {
  const total = o.offences ?? FLOOD.offences;
  await o.moto.reset();
  const provisioned = await provision(o.moto.endpoint);
  const queueUrl = await createOffenceQueue(o.moto.endpoint);
  Object.assign(process.env, handlerEnv(provisioned, { moto: o.moto.endpoint, waf: o.counter.endpoint }), { OFFENCE_QUEUE_URL: queueUrl });
  // Fresh handler modules: each reads its environment once, at load.
  for (const key of Object.keys(require.cache)) if (key.includes('/lambda/')) delete require.cache[key];
  const blocker = (require('../../lambda/ip-blocker/blocker-handler') as { handler: Handler }).handler;
  const intake = (require('../../lambda/ip-blocker/intake-handler') as { handler: Handler }).handler;
  const pipeline = new OffencePipeline(o.moto.endpoint, queueUrl, { intake, blocker });
  const sqs = new SQSClient({ endpoint: o.moto.endpoint });

  // Offence n is by offender n mod 2,000: five offences each, within the last five minutes.
  const who = offenders();
  const now = Date.now();
  const firewallLines: { message: string; timestamp: number }[] = [];
  const wafLines: { message: string; timestamp: number }[] = [];
  const findings: string[] = [];
  for (let n = 0; n < total; n++) {
    const off = who[n % who.length];
    const at = new Date(now - 300_000 + Math.floor((n / total) * 290_000));
    if (off.source === 'firewall') firewallLines.push({ timestamp: at.getTime(), message: alertLine({ src: off.address, sid: 2000001 + (n % 8), signature: 'HS-IPS flood', at }) });
    else if (off.source === 'waf') wafLines.push({ timestamp: at.getTime(), message: wafRecord({ clientIp: off.address, ruleId: 'AWSManagedRulesKnownBadInputsRuleSet', type: 'MANAGED_RULE_GROUP', inner: 'Log4JRCE_QUERYSTRING', at }) });
    else findings.push(JSON.stringify(inboundEvent({ id: `flood-${n}`, address: off.address, lastSeen: at })));
  }
  const blockable = new Set(
    who.filter((w, i) => w.blockable && (w.source !== 'waf' || Math.floor(total / who.length) + (i < total % who.length ? 1 : 0) >= 5) && i < total).map((w) => (w.address.includes(':') ? `${w.address}/128` : `${w.address}/32`)),
  );
  const forbiddenSet = new Set(who.filter((w) => !w.blockable).map((w) => `${w.address}/32`));
  await pipeline.write(FIREWALL_ALERT_GROUP, 'flood', firewallLines);
  await pipeline.write(WAF_LOG_GROUP, 'flood', wafLines);
  o.counter.resetCounts();

  const t0 = Date.now();
  let t99: number | null = null;
  let tAll: number | null = null;
  let intakeDone = false;
  const blockedNow = async () => {
    const inSets = new Set([...(await readSet(o.moto.endpoint, provisioned.ipv4SetArn)), ...(await readSet(o.moto.endpoint, provisioned.ipv6SetArn))]);
    return [...blockable].filter((a) => inSets.has(a)).length;
  };
  // moto's ReceiveMessage slows down with the queue's length (over 20 s a call at 5,000 messages on
  // this machine), which AWS's does not: the producers pause while the queue holds more than
  // FLOOD.maxQueued messages (one producer at a time adds its next 500), so the run measures the blocker rather than the emulator's queue.
  // One gate for the three producers, so together they never overfill the queue.
  let gate = Promise.resolve();
  const roomInQueue = async () => {
    const previous = gate;
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    await previous;
    while ((await pipeline.depth()) > FLOOD.maxQueued) await new Promise((resolve) => setTimeout(resolve, 200));
    return release;
  };
  const produce = async () => {
    // The three sources deliver side by side, as the two subscriptions and EventBridge would.
    const deliverPaced = async (group: string, lines: number) => {
      for (let from = 0; from < lines; from += FLOOD.perDelivery) {
        const release = await roomInQueue();
        await pipeline.deliver(group, 'flood', { from, to: from + FLOOD.perDelivery, perDelivery: FLOOD.perDelivery }).finally(release);
      }
    };
    await Promise.all([
      deliverPaced(FIREWALL_ALERT_GROUP, firewallLines.length),
      deliverPaced(WAF_LOG_GROUP, wafLines.length),
      (async () => {
        for (let from = 0; from < findings.length; from += FLOOD.perDelivery) {
          const release = await roomInQueue();
          try {
            for (let i = from; i < Math.min(findings.length, from + FLOOD.perDelivery); i += 10) {
              await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: findings.slice(i, i + 10).map((b, j) => ({ Id: String(j), MessageBody: b })) }));
            }
          } finally {
            release();
          }
        }
      })(),
    ]);
    intakeDone = true;
  };
  let batches = 0;
  let failedMessages = 0;
  const consume = async () => {
    const batchSize = o.mode === 'batched' ? FLOOD.batchSize : 1;
    for (;;) {
      // The deployed pipe's batching window (10 s); a visibility timeout of 6 × the blocker's timeout.
      const drained = await pipeline.drain({ batchSize, maxBatches: o.mode === 'batched' ? 1 : 50, windowMs: 10_000, visibilitySeconds: 360 });
      batches += drained.batches;
      failedMessages += drained.failed;
      if (drained.batches > 0) {
        const blocked = await blockedNow();
        if (t99 === null && blocked >= Math.ceil(blockable.size * 0.99)) t99 = (Date.now() - t0) / 1000;
        if (tAll === null && blocked === blockable.size) tAll = (Date.now() - t0) / 1000;
      } else if (intakeDone && (await pipeline.depth()) === 0) {
        return;
      } else {
        // The pipe's batching window: wait a little for the queue to fill.
        await new Promise((resolve) => setTimeout(resolve, o.mode === 'batched' ? 1000 : 100));
      }
    }
  };
  await o.quietly(() => Promise.all([produce(), consume()]));
  const totalSeconds = (Date.now() - t0) / 1000;

  const inSets = new Set([...(await readSet(o.moto.endpoint, provisioned.ipv4SetArn)), ...(await readSet(o.moto.endpoint, provisioned.ipv6SetArn))]);
  const lost = [...blockable].filter((a) => !inSets.has(a)).length + (await pipeline.depth());
  const forbidden = [...inSets].filter((a) => forbiddenSet.has(a) || a.startsWith(NEVER_BLOCK_PREFIX)).length;
  const wafUpdateCalls = o.counter.count('UpdateIPSet');
  pipeline.destroy();
  sqs.destroy();
  return {
    mode: o.mode,
    offences: total,
    addresses: Math.min(total, who.length),
    blockable: blockable.size,
    wafUpdateCalls,
    wafUpdateCallsPerOffence: Math.round((wafUpdateCalls / total) * 10_000) / 10_000,
    batches,
    secondsTo99PercentBlocked: t99,
    secondsToAllBlocked: tAll,
    totalSeconds,
    lost,
    forbidden,
    failedMessages,
  };
}
