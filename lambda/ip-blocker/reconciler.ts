/**
 * The reconciler's core, run on a schedule: record what recent findings should have blocked
 * (events can be lost), then make each IP set exactly the table's active, permitted blocks:
 * expired ones out (of the set and the table), missing ones back in, strays out.
 */
import { BlockerDeps, countSetWrite, forgetEvicted, logBlock, setOf } from './blocker';
import { IpVersion } from './config';
import { METRIC } from '../shared/contracts/ip-blocker';
import { errorFields } from '../shared/observability';
import { BlockIntent, SkipReason, decide, mergeIntents } from './decide';
import { MalformedFindingError, fromSdkFinding } from './finding';
import { BlockRecord, ReconcilePlan, planReconcile } from './set-plan';
import { FindingSource } from './sweep';

export async function reconcile(deps: BlockerDeps, source: FindingSource): Promise<void> {
  let sweepError: unknown;
  let swept = new Set<string>();
  try {
    swept = await sweep(deps, source);
  } catch (error) {
    // Still reconcile the sets; the failure is thrown afterwards so the run counts as failed.
    sweepError = error;
    deps.log.error('error', { stage: 'sweep', error: errorFields(error) });
  }
  for (const version of [4, 6] as const) await reconcileSet(version, deps, swept);
  if (sweepError) throw sweepError;
}

/** Blocks what recent findings call for; returns the addresses whose record changed. */
async function sweep(deps: BlockerDeps, source: FindingSource): Promise<Set<string>> {
  const { config, now } = deps;
  const since = new Date(now.getTime() - config.blockTtlSeconds * 1000);
  const { findings, truncated } = await source.recent({ since, minSeverity: config.minSeverity, max: config.sweepMaxFindings });
  const intents: BlockIntent[] = [];
  const skipped: Partial<Record<SkipReason, number>> = {};
  for (const raw of findings) {
    try {
      const decision = decide(fromSdkFinding(raw), { policy: deps.policy, minSeverity: config.minSeverity, ttlSeconds: config.blockTtlSeconds, now });
      intents.push(...decision.intents);
      for (const s of decision.skips) skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;
    } catch (error) {
      if (!(error instanceof MalformedFindingError)) throw error;
      skipped['malformed-event'] = (skipped['malformed-event'] ?? 0) + 1;
    }
  }
  // Findings already handled by their event (the usual case) record nothing new and are not
  // logged again one by one: the sweep logs one summary line.
  const recorded = intents.length > 0 ? await deps.table.recordAll(mergeIntents(intents), now) : [];
  const changed = recorded.filter((r) => r.change !== 'unchanged');
  for (const r of changed) logBlock(deps, r, r.change, 'sweep');
  deps.log.info('sweep', { findings: findings.length, truncated, since: since.toISOString(), recorded: changed.length, skipped });
  return new Set(changed.map((r) => r.intent.address));
}

async function reconcileSet(version: IpVersion, deps: BlockerDeps, swept: ReadonlySet<string>): Promise<void> {
  const { table, config, now } = deps;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  // Filled by the planner (the last attempt's plan), also when it decides nothing needs writing.
  const last: { plan?: ReconcilePlan } = {};
  // The set is read before the table: an address gets its record before it enters a set, so
  // an entry missing from this (consistent) scan really has no record.
  const outcome = await deps.sets.update(setOf(config, version), async (current) => {
    const records = await table.scan(version);
    const plan = planReconcile({ current, records, version, nowSeconds, limit: config.maxSetSize, policy: deps.policy });
    last.plan = plan;
    return plan.changed ? plan : undefined;
  });
  countSetWrite(deps, version, outcome);
  const { plan } = last;
  if (!plan) return;

  for (const r of plan.restored) {
    if (swept.has(r.address)) continue; // logged by the sweep
    deps.log.info('block', { ...describeRecord(r), change: 'restored', via: 'reconcile' });
    deps.metrics.count(METRIC.blocked);
  }
  for (const r of plan.expired) {
    // Conditional: an offence that extended the block since the scan keeps its record (and the
    // blocker's own write puts the address back in the set).
    const deleted = await table.delete(r.address, { expiredBy: nowSeconds });
    deps.log.info('unblock', { ...describeRecord(r), reason: 'expired', recordDeleted: deleted });
    deps.metrics.count(METRIC.unblocked);
  }
  for (const f of plan.forbidden) {
    if (f.record) await table.delete(f.record.address, 'always');
    deps.log.info('unblock', { ...(f.record ? describeRecord(f.record) : {}), address: f.address, ipVersion: version, reason: f.reason });
    deps.metrics.count(METRIC.unblocked);
  }
  for (const address of plan.orphaned) {
    deps.log.info('unblock', { address, ipVersion: version, reason: 'no-record' });
    deps.metrics.count(METRIC.unblocked);
  }
  await forgetEvicted(plan.evicted, version, deps);
}

function describeRecord(r: BlockRecord) {
  return {
    address: r.address,
    ipVersion: r.version,
    findingId: r.findingId,
    findingType: r.findingType,
    severity: r.severity,
    expiresAt: new Date(r.expiresAt * 1000).toISOString(),
  };
}
