import { GetIPSetCommand, UpdateIPSetCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { IpSetRef, RetryPolicy } from './config';

/** Error names WAF (or the SDK) uses for "try again later". */
const RETRYABLE = new Set([
  'WAFOptimisticLockException', // someone updated the set since our GetIPSet
  'WAFLimitsExceededException', // WAF's own throttling of control-plane calls
  'ThrottlingException',
  'TooManyRequestsException',
  'WAFInternalErrorException',
  'RequestTimeout',
  'TimeoutError',
]);

/** True for lock conflicts, throttling and transient server or network errors. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const meta = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown }).$metadata;
  const status = meta?.httpStatusCode;
  return (
    RETRYABLE.has(error.name) ||
    (error as { $retryable?: unknown }).$retryable !== undefined ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes((error as { code?: string }).code ?? '')
  );
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base·2^(attempt-1))). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** The set could not be updated within the attempts allowed (or failed for good). */
export class IpSetUpdateError extends Error {
  constructor(
    readonly set: IpSetRef,
    readonly attempts: number,
    cause: unknown,
  ) {
    const last = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`UpdateIPSet on ${set.name} (${set.id}) failed after ${attempts} attempt(s): ${last}`, { cause });
    this.name = 'IpSetUpdateError';
  }
}

/** The set's definition contradicts the configuration (wrong IP version). Not retried. */
export class IpSetMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpSetMismatchError';
  }
}

/** A plan tried to write more than the limit: a bug, refused rather than sent to WAF. */
export class IpSetLimitError extends Error {
  constructor(set: IpSetRef, size: number, limit: number) {
    super(`refusing to write ${size} addresses to ${set.name}: the limit is ${limit}`);
    this.name = 'IpSetLimitError';
  }
}

export interface SetChange {
  /** The whole next address list. */
  readonly next: readonly string[];
}

export interface UpdateOutcome<P extends SetChange> {
  /** The plan that was written, or undefined when the planner found nothing to write. */
  readonly plan?: P;
  /** Addresses in the set afterwards. */
  readonly size: number;
  /** UpdateIPSet calls made (successful or not). */
  readonly updateCalls: number;
  /** Attempts that ended in a retryable error. */
  readonly retries: number;
}

export interface IpSetStoreOptions {
  readonly retry: RetryPolicy;
  readonly limit: number;
  /** Checks every entry about to be written; throws to refuse. */
  readonly guard: (set: IpSetRef, entries: readonly string[]) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

type WafSend = Pick<WAFV2Client, 'send'>;

/**
 * Read-modify-write of WAFv2 IP sets. UpdateIPSet replaces the whole list and needs the
 * LockToken of the read it is based on; a conflicting writer makes it fail, and the whole
 * cycle (read, plan, write) starts again after a jittered backoff. A final failure is thrown.
 */
export class IpSetStore {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly client: WafSend,
    private readonly options: IpSetStoreOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /**
   * Reads the set and asks `planner` for the next list. `planner` runs again on every attempt
   * with what the set holds then; it returns undefined when nothing needs writing.
   */
  async update<P extends SetChange>(set: IpSetRef, planner: (current: string[]) => Promise<P | undefined>): Promise<UpdateOutcome<P>> {
    let updateCalls = 0;
    for (let attempt = 1; ; attempt++) {
      let current: { addresses: string[]; lockToken: string };
      try {
        current = await this.read(set);
      } catch (error) {
        await this.retryOrThrow(set, attempt, error);
        continue;
      }
      // The planner's own errors (the table, a bug) are not WAF's: they propagate as they are.
      const plan = await planner(current.addresses);
      if (!plan) return { size: current.addresses.length, updateCalls, retries: attempt - 1 };
      if (plan.next.length > this.options.limit) throw new IpSetLimitError(set, plan.next.length, this.options.limit);
      this.options.guard(set, plan.next);
      try {
        updateCalls++;
        await this.client.send(
          new UpdateIPSetCommand({ Name: set.name, Scope: set.scope, Id: set.id, LockToken: current.lockToken, Addresses: [...plan.next] }),
        );
        return { plan, size: plan.next.length, updateCalls, retries: attempt - 1 };
      } catch (error) {
        await this.retryOrThrow(set, attempt, error);
      }
    }
  }

  private async retryOrThrow(set: IpSetRef, attempt: number, error: unknown): Promise<void> {
    if (error instanceof IpSetMismatchError) throw error;
    if (!isRetryable(error) || attempt >= this.options.retry.maxAttempts) throw new IpSetUpdateError(set, attempt, error);
    await this.sleep(backoffDelay(attempt, this.options.retry, this.random));
  }

  async read(set: IpSetRef): Promise<{ addresses: string[]; lockToken: string }> {
    const out = await this.client.send(new GetIPSetCommand({ Name: set.name, Scope: set.scope, Id: set.id }));
    const expected = set.version === 4 ? 'IPV4' : 'IPV6';
    if (out.IPSet?.IPAddressVersion !== expected) {
      throw new IpSetMismatchError(`IP set ${set.name} (${set.id}) holds ${out.IPSet?.IPAddressVersion} addresses; expected ${expected}`);
    }
    if (!out.LockToken) throw new IpSetMismatchError(`GetIPSet on ${set.name} returned no LockToken`);
    return { addresses: out.IPSet.Addresses ?? [], lockToken: out.LockToken };
  }
}
