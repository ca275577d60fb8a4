/**
 * The blocker's core: a finding event → skip logs, table records and one write per IP set.
 * Shared by the event handler and the reconciler's sweep of missed findings.
 */
import { parseCidr } from '../shared/cidr';
import { BlockTable, Recorded } from './block-table';
import { BlockerConfig, IpSetRef, IpVersion } from './config';
import { METRIC } from '../shared/contracts/ip-blocker';
import { BlockIntent, Skip, decide } from './decide';
import { MalformedFindingError, parseEvent } from './finding';
import { IpSetStore, SetChange, UpdateOutcome } from './ip-set-store';
import { Logger, Metrics } from './log';
import { NeverBlockPolicy } from './never-block';
import { AdditionPlan, IndexedEntry, Removal, planAdditions } from './set-plan';

export interface BlockerDeps {
  readonly config: BlockerConfig;
  readonly policy: NeverBlockPolicy;
  readonly table: BlockTable;
  readonly sets: IpSetStore;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly now: Date;
}

export const setOf = (config: BlockerConfig, version: IpVersion): IpSetRef => (version === 4 ? config.ipv4Set : config.ipv6Set);

/** A forbidden or out-of-version entry reached the point of writing: refused (a bug, never sent). */
export class ForbiddenEntryError extends Error {
  constructor(set: IpSetRef, entry: string, reason: string) {
    super(`refusing to write ${entry} to ${set.name}: ${reason}`);
    this.name = 'ForbiddenEntryError';
  }
}

/** The last check before UpdateIPSet: every entry must be a permitted host of the set's version. */
export function writeGuard(policy: NeverBlockPolicy): (set: IpSetRef, entries: readonly string[]) => void {
  return (set, entries) => {
    for (const entry of entries) {
      const verdict = policy.judgeEntry(entry);
      if (!verdict.blockable) throw new ForbiddenEntryError(set, entry, verdict.reason);
      if (verdict.version !== set.version) throw new ForbiddenEntryError(set, entry, `not an IPv${set.version} entry`);
    }
  };
}

/**
 * Handles one EventBridge "GuardDuty Finding" event. A malformed event is logged and dropped
 * (retrying cannot fix it); table or WAF failures are thrown so the event is retried and then
 * lands in the dead-letter queue.
 */
export async function handleFindingEvent(event: unknown, deps: BlockerDeps): Promise<void> {
  let finding;
  try {
    finding = parseEvent(event);
  } catch (error) {
    if (!(error instanceof MalformedFindingError)) throw error;
    const eventId = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
    deps.log.warn('invalid-event', { reason: 'malformed-event', detail: error.message, eventId });
    deps.metrics.count(METRIC.skipped);
    return;
  }
  const { intents, skips } = decide(finding, {
    policy: deps.policy,
    minSeverity: deps.config.minSeverity,
    ttlSeconds: deps.config.blockTtlSeconds,
    now: deps.now,
  });
  for (const skip of skips) logSkip(deps, skip);
  if (intents.length > 0) await applyBlocks(intents, deps);
}

function logSkip(deps: Pick<BlockerDeps, 'log' | 'metrics'>, skip: Skip): void {
  deps.log.info('skip', { ...skip });
  deps.metrics.count(METRIC.skipped);
}

/**
 * Records the intents, then brings each IP set up to date in one UpdateIPSet (more only when a
 * concurrent writer forces a retry).
 */
export async function applyBlocks(intents: readonly BlockIntent[], deps: BlockerDeps): Promise<void> {
  // Table first: an address is in a set only after its record exists, which is what lets the
  // reconciler treat set entries without a record as stale.
  const recorded = await deps.table.recordAll(intents, deps.now);
  const results = await Promise.allSettled(
    ([4, 6] as const).map((version) => {
      const group = recorded.filter((r) => r.intent.version === version);
      return group.length > 0 ? applyToSet(version, group, deps) : Promise.resolve();
    }),
  );
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

async function applyToSet(version: IpVersion, group: readonly Recorded[], deps: BlockerDeps): Promise<void> {
  const { table, policy, config } = deps;
  const set = setOf(config, version);
  // A changed record always writes the set, even when the address is already in it: the write
  // renews the LockToken, so a reconciler that read the set before this change must re-read.
  const recordChanged = group.some((r) => r.change !== 'unchanged');
  const outcome = await deps.sets.update<AdditionPlan>(set, async (current) => {
    const plan = await planAdditions({
      current,
      additions: group.map((r) => r.intent.address),
      version,
      limit: config.maxSetSize,
      policy,
      soonestFirst: () => table.soonestExpiring(version),
    });
    const writeNeeded = recordChanged || plan.added.length > 0 || plan.evicted.length > 0 || plan.removed.length > 0;
    return writeNeeded ? plan : undefined;
  });
  countSetWrite(deps, version, outcome);

  const plan = outcome.plan;
  const added = new Set(plan?.added ?? []);
  const evicted = new Set(plan?.evicted.map((e) => e.address) ?? []);
  for (const r of group) {
    const { intent } = r;
    if (evicted.has(intent.address)) continue; // reported with the evictions below
    const change = r.change !== 'unchanged' ? r.change : added.has(intent.address) ? 'restored' : undefined;
    if (!change) {
      logSkip(deps, { ...about(intent), reason: 'duplicate', address: intent.address, action: intent.action });
      continue;
    }
    logBlock(deps, r, change, 'event');
  }
  if (plan) {
    await forgetEvicted(plan.evicted, version, deps);
    await forgetRemoved(plan.removed, version, deps);
  }
}

const about = (i: BlockIntent) => ({ findingId: i.findingId, findingType: i.findingType, severity: i.severity });

/** Metrics of one read-modify-write of a set. */
export function countSetWrite(deps: Pick<BlockerDeps, 'metrics'>, version: IpVersion, outcome: UpdateOutcome<SetChange>): void {
  deps.metrics.count(METRIC.wafUpdateCalls, outcome.updateCalls);
  deps.metrics.count(METRIC.wafRetries, outcome.retries);
  deps.metrics.setSize(version, outcome.size);
}

/** The structured line (and count) of one block. */
export function logBlock(deps: Pick<BlockerDeps, 'log' | 'metrics'>, r: Recorded, change: string, via: 'event' | 'sweep'): void {
  deps.log.info('block', {
    ...about(r.intent),
    address: r.intent.address,
    ipVersion: r.intent.version,
    action: r.intent.action,
    change,
    via,
    expiresAt: new Date(r.expiresAt * 1000).toISOString(),
  });
  deps.metrics.count(METRIC.blocked);
}

/** Deletes the records of evicted addresses, unless their block was extended meanwhile. */
export async function forgetEvicted(evicted: readonly IndexedEntry[], version: IpVersion, deps: BlockerDeps): Promise<void> {
  for (const entry of evicted) {
    // expiresAt 0 marks an entry without a record: nothing to delete.
    const deleted = entry.expiresAt > 0 ? await deps.table.delete(entry.address, { expiresAt: entry.expiresAt }) : false;
    deps.log.info('unblock', {
      reason: 'evicted',
      address: entry.address,
      ipVersion: version,
      expiresAt: entry.expiresAt > 0 ? new Date(entry.expiresAt * 1000).toISOString() : undefined,
      recordDeleted: deleted,
      findingId: entry.findingId,
      findingType: entry.findingType,
      severity: entry.severity,
    });
    deps.metrics.count(METRIC.evicted);
  }
}

/** Deletes the records of entries policy now forbids (e.g. an address added to the allowlist). */
export async function forgetRemoved(removed: readonly Removal[], version: IpVersion, deps: BlockerDeps): Promise<void> {
  for (const { address, reason } of removed) {
    const key = parseCidr(address)?.text;
    if (key) await deps.table.delete(key, 'always');
    deps.log.info('unblock', { reason, address, ipVersion: version });
    deps.metrics.count(METRIC.unblocked);
  }
}
