import { IpVersion } from './config';
import { ActionKind, Finding } from './finding';
import { NeverBlockPolicy, NeverBlockReason } from './never-block';
import { Offence } from './offence';
import { SourcePolicy } from '../shared/contracts/ip-blocker';

/** One address to block because of one finding. */
export interface BlockIntent {
  /** Canonical host CIDR (a.b.c.d/32 or x::y/128). */
  readonly address: string;
  readonly version: IpVersion;
  readonly findingId: string;
  readonly findingType: string;
  readonly severity: number;
  readonly action: ActionKind;
  /** Epoch seconds: last offence + TTL. */
  readonly expiresAt: number;
}

export type SkipReason =
  | NeverBlockReason
  | 'sample-finding'
  | 'archived-finding'
  | 'below-min-severity'
  | 'no-address'
  | 'not-inbound'
  | 'offence-expired'
  | 'malformed-event'
  | 'duplicate'
  | 'source-disabled'
  | 'below-threshold';

export interface Skip {
  readonly reason: SkipReason;
  readonly findingId?: string;
  readonly findingType?: string;
  readonly severity?: number;
  readonly address?: string;
  readonly action?: ActionKind;
  readonly detail?: string;
}

export interface DecideOptions {
  readonly policy: NeverBlockPolicy;
  readonly minSeverity: number;
  readonly ttlSeconds: number;
  readonly now: Date;
}

/**
 * Decides what one finding blocks. The block lasts `ttlSeconds` from the last observed offence
 * (`service.eventLastSeen`, else `updatedAt`, never later than now), so a finding sent again
 * yields the same expiry (idempotent) and a late one blocks only for what is left of its TTL.
 */
export function decide(finding: Finding, options: DecideOptions): { intents: BlockIntent[]; skips: Skip[] } {
  const about = { findingId: finding.id, findingType: finding.type, severity: finding.severity };
  const skipAll = (reason: SkipReason, detail?: string) => ({ intents: [], skips: [{ ...about, reason, detail }] });
  if (finding.sample) return skipAll('sample-finding');
  if (finding.archived) return skipAll('archived-finding');
  if (finding.severity < options.minSeverity) return skipAll('below-min-severity', `minimum ${options.minSeverity}`);

  const skips: Skip[] = finding.ignored.map((i) => ({ ...about, reason: i.reason, address: i.text, action: i.action }));
  if (finding.addresses.length === 0) return { intents: [], skips: [...skips, { ...about, reason: 'no-address' }] };

  const nowMs = options.now.getTime();
  const offenceMs = Math.min((finding.lastSeenAt ?? finding.updatedAt ?? options.now).getTime(), nowMs);
  const expiresAt = Math.floor(offenceMs / 1000) + options.ttlSeconds;
  if (expiresAt <= Math.floor(nowMs / 1000)) {
    return skipAll('offence-expired', `last seen ${new Date(offenceMs).toISOString()}`);
  }

  const intents = new Map<string, BlockIntent>();
  for (const { text, action } of finding.addresses) {
    const verdict = options.policy.judgeAddress(text);
    if (!verdict.blockable) {
      skips.push({ ...about, reason: verdict.reason, address: text, action, detail: verdict.range });
    } else if (!intents.has(verdict.entry)) {
      intents.set(verdict.entry, { ...about, address: verdict.entry, version: verdict.version, action, expiresAt });
    }
  }
  return { intents: [...intents.values()], skips };
}

/** One intent per address: the one that blocks longest (several findings may name an address). */
export function mergeIntents(intents: Iterable<BlockIntent>): BlockIntent[] {
  const byAddress = new Map<string, BlockIntent>();
  for (const intent of intents) {
    const seen = byAddress.get(intent.address);
    if (!seen || intent.expiresAt > seen.expiresAt) byAddress.set(intent.address, intent);
  }
  return [...byAddress.values()];
}

/** An offence that counts but whose source needs more than one in its window: to be tallied. */
export interface PendingOffence {
  readonly offence: Offence;
  readonly entry: string;
  readonly version: IpVersion;
  /** Epoch seconds. */
  readonly at: number;
}

export type OffenceDecision =
  | { readonly intent: BlockIntent }
  | { readonly pending: PendingOffence }
  | { readonly skip: Skip };

/** What an intent records about a log offence (the table's finding fields). */
export function offenceIntent(offence: Offence, entry: string, version: IpVersion, expiresAt: number): BlockIntent {
  return {
    address: entry,
    version,
    findingId: `${offence.source}:${offence.id}`,
    findingType: `${offence.source === 'firewall' ? 'NetworkFirewall' : 'WAF'}:${offence.rule}`,
    severity: offence.severity,
    action: offence.source === 'firewall' ? 'firewallDrop' : 'wafBlock',
    expiresAt,
  };
}

/**
 * Decides one log offence: skipped (source off, never-block address, too old), blocked at once
 * (threshold 1), or left for the window's tally. The block lasts `ttlSeconds` from the offence,
 * never later than now, as for findings.
 */
export function decideOffence(
  offence: Offence,
  options: { readonly policy: NeverBlockPolicy; readonly source: SourcePolicy; readonly ttlSeconds: number; readonly now: Date },
): OffenceDecision {
  const action = offence.source === 'firewall' ? 'firewallDrop' : 'wafBlock';
  const about = { findingId: `${offence.source}:${offence.id}`, findingType: offence.rule, severity: offence.severity, address: offence.address, action } as const;
  if (!options.source.enabled) return { skip: { ...about, reason: 'source-disabled', detail: offence.source } };
  const verdict = options.policy.judgeAddress(offence.address);
  if (!verdict.blockable) return { skip: { ...about, reason: verdict.reason, detail: verdict.range } };
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  const at = Math.min(Math.floor(new Date(offence.at).getTime() / 1000), nowSeconds);
  if (at + options.ttlSeconds <= nowSeconds) return { skip: { ...about, reason: 'offence-expired', detail: `at ${offence.at}` } };
  if (options.source.threshold <= 1) return { intent: offenceIntent(offence, verdict.entry, verdict.version, at + options.ttlSeconds) };
  return { pending: { offence, entry: verdict.entry, version: verdict.version, at } };
}
