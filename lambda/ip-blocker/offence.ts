/**
 * An offence seen in the logs the stack already writes (the firewall's ALERT log, the WAF log):
 * one address that one of our rules dropped or blocked, at one time. The intake turns log events
 * into offences and queues them; the blocker counts them against the policy.
 */

/** The log sources; GuardDuty findings travel through the same queue as EventBridge events. */
export type LogSource = 'firewall' | 'waf';

export interface Offence {
  readonly kind: 'offence';
  readonly source: LogSource;
  /**
   * Unique and stable per log event (the CloudWatch Logs event id): a replayed event counts once.
   */
  readonly id: string;
  /** The offender's address as the log wrote it (not yet validated). */
  readonly address: string;
  /** When the offence happened (ISO 8601). */
  readonly at: string;
  /** What matched: `sid:2000002 HS-IPS path traversal in URI`, `AWSManagedRulesSQLiRuleSet/SQLi_QUERYARGUMENTS`. */
  readonly rule: string;
  /** The signature's severity (Suricata: 1 high … 3 low); 0 when the log has none (WAF). */
  readonly severity: number;
}

/** Why a log event is not an offence (logged by the intake as a count per reason). */
export type NotAnOffence =
  | 'not-json'
  | 'not-an-alert'
  | 'not-a-drop'
  | 'default-action'
  | 'not-blocked'
  | 'rate-limit'
  | 'uncounted-rule'
  | 'no-address';

export type Classified = { readonly offence: Offence } | { readonly ignored: NotAnOffence };

/** The offence message the intake queues, or undefined when `body` is not one. */
export function parseOffenceMessage(body: unknown): Offence | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const o = body as Record<string, unknown>;
  if (o.kind !== 'offence' || (o.source !== 'firewall' && o.source !== 'waf')) return undefined;
  if (typeof o.id !== 'string' || o.id === '' || typeof o.address !== 'string' || typeof o.at !== 'string') return undefined;
  if (Number.isNaN(new Date(o.at).getTime())) return undefined;
  return {
    kind: 'offence',
    source: o.source,
    id: o.id,
    address: o.address,
    at: o.at,
    rule: typeof o.rule === 'string' ? o.rule : '',
    severity: typeof o.severity === 'number' && Number.isFinite(o.severity) ? o.severity : 0,
  };
}
