/**
 * The pure core of the copy: Network Firewall ALERT lines → CloudWatch Logs events →
 * PutLogEvents batches within the API's limits. No I/O.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** PutLogEvents limits (CloudWatch Logs API reference). */
export const PUT_LOG_EVENTS = {
  maxEvents: 10_000,
  /** UTF-8 bytes of the messages plus `eventOverheadBytes` per event. */
  maxBatchBytes: 1_048_576,
  eventOverheadBytes: 26,
  /** One event, overhead included: 256 KiB, the limit every account has (some now accept 1 MB). */
  maxEventBytes: 262_144,
  /** Newest minus oldest timestamp of one batch stays below it. */
  maxSpanMs: DAY_MS,
  /** CloudWatch rejects events older than this… */
  maxAgeMs: 14 * DAY_MS,
  /** …or further ahead than this. */
  maxAheadMs: 2 * HOUR_MS,
} as const;

export interface AlertEvent {
  /** The line's `event_timestamp` (epoch seconds) in milliseconds. */
  readonly timestamp: number;
  /** The line exactly as the firewall wrote it: one JSON object, so Logs Insights discovers its fields. */
  readonly message: string;
}

/**
 * Why a line is not copied. None of them is retried: the same line gives the same answer, and the
 * locked S3 archive keeps it either way.
 * - malformed: not a JSON object with a numeric `event_timestamp`;
 * - oversized: longer than one CloudWatch Logs event may be;
 * - too-old / too-new: outside the window CloudWatch accepts (14 days back, 2 hours ahead).
 *   Rewriting the timestamp would file an old alert under the wrong time, so it stays in S3 only.
 */
export type SkipReason = 'malformed' | 'oversized' | 'too-old' | 'too-new';

export type ParsedLine = { readonly event: AlertEvent } | { readonly skip: SkipReason };

const NUMERIC = /^\d+(\.\d+)?$/;

/** One line of an ALERT object at time `nowMs`; undefined for a blank line. */
export function parseAlertLine(line: string, nowMs: number): ParsedLine | undefined {
  const message = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (message.trim() === '') return undefined;
  let record: unknown;
  try {
    record = JSON.parse(message);
  } catch {
    return { skip: 'malformed' };
  }
  const seconds = typeof record === 'object' && record !== null ? (record as { event_timestamp?: unknown }).event_timestamp : undefined;
  const value = typeof seconds === 'number' ? seconds : typeof seconds === 'string' && NUMERIC.test(seconds) ? Number(seconds) : NaN;
  if (!Number.isFinite(value) || value <= 0) return { skip: 'malformed' };
  const event = { timestamp: Math.round(value * 1000), message };
  if (eventBytes(event) > PUT_LOG_EVENTS.maxEventBytes) return { skip: 'oversized' };
  if (event.timestamp < nowMs - PUT_LOG_EVENTS.maxAgeMs) return { skip: 'too-old' };
  if (event.timestamp > nowMs + PUT_LOG_EVENTS.maxAheadMs) return { skip: 'too-new' };
  return { event };
}

/** What one event counts against the batch size. */
export function eventBytes(event: AlertEvent): number {
  return Buffer.byteLength(event.message, 'utf8') + PUT_LOG_EVENTS.eventOverheadBytes;
}

/**
 * Groups events into PutLogEvents batches as they arrive: the current batch is closed when the
 * next event would break a limit (event count, bytes, 24-hour span) and comes out sorted by time,
 * equal timestamps in arrival order. The same lines therefore always give the same batches, which
 * is what lets a retry recognise what an earlier attempt already wrote.
 */
export class BatchBuilder {
  private events: AlertEvent[] = [];
  private bytes = 0;
  private oldest = Infinity;
  private newest = -Infinity;

  /** Adds an event; returns the batch it closed, if it closed one. */
  public add(event: AlertEvent): AlertEvent[] | undefined {
    const size = eventBytes(event);
    const fits =
      this.events.length < PUT_LOG_EVENTS.maxEvents &&
      this.bytes + size <= PUT_LOG_EVENTS.maxBatchBytes &&
      Math.max(this.newest, event.timestamp) - Math.min(this.oldest, event.timestamp) < PUT_LOG_EVENTS.maxSpanMs;
    const closed = fits ? undefined : this.flush();
    this.events.push(event);
    this.bytes += size;
    this.oldest = Math.min(this.oldest, event.timestamp);
    this.newest = Math.max(this.newest, event.timestamp);
    return closed;
  }

  /** Closes and returns the current batch; undefined when it is empty. */
  public flush(): AlertEvent[] | undefined {
    if (this.events.length === 0) return undefined;
    const batch = this.events.sort((a, b) => a.timestamp - b.timestamp);
    this.events = [];
    this.bytes = 0;
    this.oldest = Infinity;
    this.newest = -Infinity;
    return batch;
  }
}

/** Every batch of `events`, in order. */
export function toBatches(events: Iterable<AlertEvent>): AlertEvent[][] {
  const builder = new BatchBuilder();
  const batches: AlertEvent[][] = [];
  for (const event of events) {
    const closed = builder.add(event);
    if (closed) batches.push(closed);
  }
  const last = builder.flush();
  return last ? [...batches, last] : batches;
}

export function sameEvent(a: AlertEvent, b: AlertEvent): boolean {
  return a.timestamp === b.timestamp && a.message === b.message;
}

/**
 * The log stream of one archive object: its key, so that `@logStream` leads from a search result
 * back to the immutable original. Stream names may not contain `:` or `*` and hold at most 512
 * characters (firewall keys are about 200).
 */
export function streamNameFor(objectKey: string): string {
  const name = objectKey.replace(/[:*]/g, '_');
  return name.length <= 512 ? name : name.slice(name.length - 512);
}

/** What PutLogEvents reports it did not store (`rejectedLogEventsInfo`): indexes into the batch. */
export interface RejectedInfo {
  readonly tooOldLogEventEndIndex?: number;
  readonly expiredLogEventEndIndex?: number;
  readonly tooNewLogEventStartIndex?: number;
}

/** How many events of a batch of `length` CloudWatch rejected (too old, past retention, too new). */
export function rejectedCount(info: RejectedInfo | undefined, length: number): number {
  if (!info) return 0;
  const oldEnd = Math.max(info.tooOldLogEventEndIndex ?? -1, info.expiredLogEventEndIndex ?? -1);
  const newStart = info.tooNewLogEventStartIndex ?? length;
  return Math.min(length, oldEnd + 1 + (length - Math.max(newStart, oldEnd + 1)));
}
