/**
 * The blocker's batch path: one SQS batch of offences (log offences queued by the intake, and
 * GuardDuty finding events) → one decision pass, one tally per address and source, one table
 * write pass and at most one read-modify-write per IP set — so WAF calls per offence fall far
 * below one under load.
 *
 * Failures are reported per message (`batchItemFailures`): only the messages whose blocks could
 * not be written go back to the queue, are retried after the visibility timeout and, after the
 * queue's maxReceiveCount, land in the dead-letter queue. Every step is idempotent (offence ids in
 * a set, conditional expiries), so a retried message changes nothing that already happened.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
import { SourcePolicy, METRIC } from '../shared/contracts/ip-blocker';
import { errorFields } from '../shared/observability';
import { BlockerDeps, applyBlocks } from './blocker';
import { BlockIntent, PendingOffence, Skip, decide, decideOffence, offenceIntent } from './decide';
import { MalformedFindingError, parseEvent } from './finding';
import { parseOffenceMessage } from './offence';
import { OffenceCounter, Tally } from './offence-counter';

export interface QueueRecord {
  readonly messageId: string;
  readonly body: string;
}

export interface BatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

export type QueueDeps = BlockerDeps & { readonly counter: OffenceCounter };

interface Group {
  readonly source: 'firewall' | 'waf';
  readonly entry: string;
  readonly offences: PendingOffence[];
  readonly messageIds: Set<string>;
}

/** How many tallies run at once (one UpdateItem each). */
const TALLY_CONCURRENCY = 8;

export async function handleQueueBatch(records: readonly QueueRecord[], deps: QueueDeps): Promise<BatchResponse> {
  const { config } = deps;
  const intents: { intent: BlockIntent; messageId: string }[] = [];
  const groups = new Map<string, Group>();
  const skip = (s: Skip) => {
    deps.log.info('skip', { ...s });
    deps.metrics.count(METRIC.skipped);
  };

  for (const record of records) {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      invalid(deps, record.messageId, 'body is not JSON');
      continue;
    }
    if ((body as { source?: unknown } | null)?.source === 'aws.guardduty') {
      try {
        const decision = decide(parseEvent(body), { policy: deps.policy, minSeverity: config.minSeverity, ttlSeconds: config.blockTtlSeconds, now: deps.now });
        decision.skips.forEach(skip);
        for (const intent of decision.intents) intents.push({ intent, messageId: record.messageId });
      } catch (error) {
        if (!(error instanceof MalformedFindingError)) throw error;
        invalid(deps, record.messageId, error.message);
      }
      continue;
    }
    const offence = parseOffenceMessage(body);
    if (!offence) {
      invalid(deps, record.messageId, 'neither an offence nor a GuardDuty finding event');
      continue;
    }
    const source = sourcePolicy(deps, offence.source);
    const decision = decideOffence(offence, { policy: deps.policy, source, ttlSeconds: config.blockTtlSeconds, now: deps.now });
    if ('skip' in decision) skip(decision.skip);
    else if ('intent' in decision) intents.push({ intent: decision.intent, messageId: record.messageId });
    else {
      const key = `${offence.source}#${decision.pending.entry}`;
      const group = groups.get(key) ?? { source: offence.source, entry: decision.pending.entry, offences: [], messageIds: new Set<string>() };
      group.offences.push(decision.pending);
      group.messageIds.add(record.messageId);
      groups.set(key, group);
    }
  }

  const failed = new Set<string>();
  const tallied = await tallyAll([...groups.values()], deps);
  for (const { group, tally, error } of tallied) {
    if (error !== undefined) {
      deps.log.error('error', { stage: 'tally', address: group.entry, source: group.source, error: errorFields(error) });
      group.messageIds.forEach((id) => failed.add(id));
      continue;
    }
    const source = sourcePolicy(deps, group.source);
    const newest = group.offences.reduce((a, b) => (b.at > a.at ? b : a));
    const progress = `${tally!.inWindow} of ${source.threshold} within ${source.windowSeconds}s`;
    if (tally!.inWindow < source.threshold) {
      for (const p of group.offences) {
        skip({ reason: 'below-threshold', findingId: `${p.offence.source}:${p.offence.id}`, findingType: p.offence.rule, address: p.offence.address, detail: progress });
      }
      continue;
    }
    const intent = offenceIntent(newest.offence, group.entry, newest.version, tally!.latest + config.blockTtlSeconds);
    deps.log.info('threshold', { address: group.entry, source: group.source, detail: progress, findingId: intent.findingId });
    for (const id of group.messageIds) intents.push({ intent, messageId: id });
  }

  if (intents.length > 0) {
    try {
      await applyBlocks(intents.map((i) => i.intent), deps);
    } catch (error) {
      // Table or WAF gave up (throttling past every retry): these messages go back to the queue.
      deps.log.error('error', { stage: 'block', messages: new Set(intents.map((i) => i.messageId)).size, error: errorFields(error) });
      intents.forEach((i) => failed.add(i.messageId));
    }
  }
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
}

function sourcePolicy(deps: QueueDeps, source: 'firewall' | 'waf'): SourcePolicy {
  return deps.config.offencePolicy[source];
}

/** A message retrying cannot fix: logged and dropped (acknowledged). */
function invalid(deps: QueueDeps, messageId: string, detail: string): void {
  deps.log.warn('invalid-event', { reason: 'malformed-event', messageId, detail });
  deps.metrics.count(METRIC.skipped);
}

async function tallyAll(groups: readonly Group[], deps: QueueDeps): Promise<{ group: Group; tally?: Tally; error?: unknown }[]> {
  const results: { group: Group; tally?: Tally; error?: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const group = groups[next++];
      const window = sourcePolicy(deps, group.source).windowSeconds;
      try {
        const hits = group.offences.map((p) => ({ id: p.offence.id, at: p.at }));
        results.push({ group, tally: await deps.counter.add(group.source, group.entry, hits, window) });
      } catch (error) {
        results.push({ group, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(TALLY_CONCURRENCY, groups.length) }, worker));
  return results;
}
