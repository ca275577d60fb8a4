/**
 * Pure planning of an IP set's next address list: what the blocker adds (evicting to stay under
 * the limit) and what the reconciler restores or removes. No I/O: callers hand in the current
 * list, the table's records and, for eviction, the records in expiry order.
 */
import { IpVersion } from './config';
import { NeverBlockPolicy, NeverBlockReason } from './never-block';

export interface ExpiringEntry {
  readonly address: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

/** A block as the table records it. */
export interface BlockRecord extends ExpiringEntry {
  readonly version: IpVersion;
  readonly findingId?: string;
  readonly findingType?: string;
  readonly severity?: number;
}

/** An entry with what the table knows of it (the expiry index also carries the finding). */
export type IndexedEntry = ExpiringEntry & Partial<Omit<BlockRecord, keyof ExpiringEntry>>;

export interface Removal {
  readonly address: string;
  readonly reason: NeverBlockReason | 'wrong-version';
}

/** Orders entries soonest expiry first; ties by address so plans are deterministic. */
export const bySoonestExpiry = (a: ExpiringEntry, b: ExpiringEntry): number =>
  a.expiresAt - b.expiresAt || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);

/**
 * Picks `count` members to evict, soonest expiry first, reading `soonestFirst` (entries in
 * ascending expiry, possibly naming non-members, which are passed over) only as far as needed.
 * Members it never names have no record, hence no expiry: they go last, in address order.
 */
export async function selectEvictions(
  members: ReadonlySet<string>,
  count: number,
  soonestFirst: AsyncIterable<IndexedEntry> | Iterable<IndexedEntry>,
): Promise<IndexedEntry[]> {
  const chosen: IndexedEntry[] = [];
  if (count <= 0) return chosen;
  const seen = new Set<string>();
  for await (const entry of soonestFirst) {
    if (!members.has(entry.address) || seen.has(entry.address)) continue;
    seen.add(entry.address);
    chosen.push(entry);
    if (chosen.length === count) return chosen;
  }
  const unknown = [...members].filter((a) => !seen.has(a)).sort();
  for (const address of unknown.slice(0, count - chosen.length)) chosen.push({ address, expiresAt: 0 });
  return chosen;
}

/** Splits a set's current entries into those that may stay (canonical text) and those that must go. */
export function screenEntries(
  current: readonly string[],
  version: IpVersion,
  policy: NeverBlockPolicy,
): { kept: string[]; removed: Removal[] } {
  const kept = new Set<string>();
  const removed: Removal[] = [];
  for (const address of current) {
    const verdict = policy.judgeEntry(address);
    if (!verdict.blockable) removed.push({ address, reason: verdict.reason });
    else if (verdict.version !== version) removed.push({ address, reason: 'wrong-version' });
    else kept.add(verdict.entry);
  }
  return { kept: [...kept], removed };
}

export interface AdditionPlan {
  readonly next: string[];
  /** Additions that were not in the set (and were not evicted at once). */
  readonly added: string[];
  readonly evicted: IndexedEntry[];
  /** Entries found in the set that policy now forbids (allowlist grew, malformed). */
  readonly removed: Removal[];
}

/**
 * The blocker's plan: current ∪ additions, minus forbidden entries, then evict the entries
 * closest to expiry until at most `limit` remain (an addition can be evicted at once if it is
 * the one closest to expiry). `soonestFirst` is only called when the set would overflow.
 */
export async function planAdditions(input: {
  readonly current: readonly string[];
  readonly additions: readonly string[];
  readonly version: IpVersion;
  readonly limit: number;
  readonly policy: NeverBlockPolicy;
  readonly soonestFirst: () => AsyncIterable<IndexedEntry> | Iterable<IndexedEntry>;
}): Promise<AdditionPlan> {
  const { kept, removed } = screenEntries(input.current, input.version, input.policy);
  const union = new Set(kept);
  const fresh = input.additions.filter((a) => !union.has(a));
  for (const a of fresh) union.add(a);
  const overflow = union.size - input.limit;
  const evicted = overflow > 0 ? await selectEvictions(union, overflow, input.soonestFirst()) : [];
  const gone = new Set(evicted.map((e) => e.address));
  return {
    next: [...union].filter((a) => !gone.has(a)),
    added: fresh.filter((a) => !gone.has(a)),
    evicted,
    removed,
  };
}

export interface ReconcilePlan {
  readonly next: string[];
  /** Active records missing from the set. */
  readonly restored: BlockRecord[];
  /** Records whose block has ended (to remove from the set and the table). */
  readonly expired: BlockRecord[];
  /** Set entries and records that policy forbids. */
  readonly forbidden: (Removal & { readonly record?: BlockRecord })[];
  /** Set entries with no record: the table says they are not blocked. */
  readonly orphaned: string[];
  /** Active records beyond the limit, soonest expiry first. */
  readonly evicted: BlockRecord[];
  /** The set's contents differ from `next`. */
  readonly changed: boolean;
}

/**
 * The reconciler's plan: the set becomes exactly the active, permitted records (the table is
 * the source of truth), capped at `limit` by keeping the latest expiries.
 */
export function planReconcile(input: {
  readonly current: readonly string[];
  readonly records: readonly BlockRecord[];
  readonly version: IpVersion;
  readonly nowSeconds: number;
  readonly limit: number;
  readonly policy: NeverBlockPolicy;
}): ReconcilePlan {
  const screened = screenEntries(input.current, input.version, input.policy);
  const forbidden = new Map<string, Removal & { record?: BlockRecord }>(screened.removed.map((r) => [r.address, r]));
  const expired: BlockRecord[] = [];
  const active: BlockRecord[] = [];
  for (const record of input.records) {
    if (record.version !== input.version) continue;
    const verdict = input.policy.judgeEntry(record.address);
    const reason = !verdict.blockable
      ? verdict.reason
      : verdict.version !== input.version
        ? 'wrong-version'
        : verdict.entry !== record.address
          ? 'malformed'
          : undefined;
    if (reason) forbidden.set(record.address, { address: record.address, reason, record });
    else if (record.expiresAt <= input.nowSeconds) expired.push(record);
    else active.push(record);
  }
  active.sort(bySoonestExpiry);
  const overflow = Math.max(0, active.length - input.limit);
  const evicted = active.slice(0, overflow);
  const desired = active.slice(overflow);
  const inSet = new Set(screened.kept);
  const known = new Set(input.records.map((r) => r.address));
  const next = desired.map((r) => r.address);
  const nextSet = new Set(next);
  return {
    next,
    restored: desired.filter((r) => !inSet.has(r.address)),
    expired,
    forbidden: [...forbidden.values()],
    orphaned: screened.kept.filter((a) => !known.has(a)),
    evicted,
    changed: screened.removed.length > 0 || next.length !== inSet.size || screened.kept.some((a) => !nextSet.has(a)),
  };
}
