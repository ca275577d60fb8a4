/**
 * One ALERT object of the log archive → its own log stream in the alerts log group: read and
 * gunzip the object as a stream, keep every line with its own `event_timestamp`, send
 * PutLogEvents batches as they fill.
 *
 * Duplicates. EventBridge may deliver the same S3 event twice, and Lambda retries an invocation
 * that failed half-way, so an object can be processed again after some or all of its batches
 * were stored. Copying it again would show each of those alerts twice in searches and counts.
 * That is prevented, not tolerated: the stream is named after the object, so a second attempt
 * finds it already there; it then reads the stream's newest event and skips every batch up to
 * the one holding it. Batches are deterministic (BatchBuilder) and each PutLogEvents call stores
 * a whole batch, so the batches skipped are exactly those stored. Where the stream holds an event
 * this object does not produce (it was rewritten), everything is copied: a duplicate is
 * preferred to a missing alert. What remains possible is one batch twice when a duplicate
 * delivery races an attempt still writing (reserved concurrency 1 makes that a retry within
 * CloudWatch's ingestion delay); the locked S3 object stays the record of truth either way.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { AlertEvent, BatchBuilder, SkipReason, parseAlertLine, sameEvent, streamNameFor } from './alert-lines';
import { CopyConfig } from './config';
import { InvalidEventError, ObjectRef, parseObjectCreated } from './event';
import { EventLog } from '../shared/observability';

/** Where the objects come from (S3). */
export interface AlertArchive {
  /** The object's bytes (gzip) as a stream. */
  open(ref: ObjectRef): Promise<Readable>;
}

/** Where the events go (one CloudWatch Logs log group). */
export interface AlertLogGroup {
  /** Creates the stream, or finds that an earlier attempt did. */
  openStream(name: string): Promise<'created' | 'existing'>;
  /** The stream's newest event. */
  lastEvent(name: string): Promise<AlertEvent | undefined>;
  /** One PutLogEvents call; resolves to the number of events CloudWatch rejected. */
  put(name: string, batch: readonly AlertEvent[]): Promise<number>;
}

export interface CopyDeps {
  readonly config: CopyConfig;
  readonly archive: AlertArchive;
  readonly logGroup: AlertLogGroup;
  readonly log: EventLog;
  readonly nowMs: number;
}

/** What one object gave; logged once per object. */
export interface CopyReport {
  readonly key: string;
  readonly stream: string;
  /** Events CloudWatch stored in this attempt. */
  copied: number;
  /** PutLogEvents calls of this attempt. */
  putCalls: number;
  /** Events an earlier attempt had stored (skipped). */
  alreadyCopied: number;
  /** Events CloudWatch refused although they passed our own window check (clock edge). */
  rejected: number;
  readonly skipped: Record<SkipReason, number>;
  /** Line numbers of the first malformed or oversized lines, to find them in the S3 object. */
  readonly badLines: number[];
}

const BAD_LINES_LOGGED = 20;

/** Reading or unzipping the object failed; thrown so the invocation is retried, then dead-lettered. */
export class UnreadableObjectError extends Error {
  constructor(ref: ObjectRef, cause: unknown) {
    super(`could not read s3://${ref.bucket}/${ref.key}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'UnreadableObjectError';
  }
}

/**
 * Handles one invocation. An event that names no ALERT object of the archive is logged and
 * dropped (a retry would not change it); S3 and CloudWatch Logs failures are thrown.
 */
export async function handleObjectCreated(event: unknown, deps: CopyDeps): Promise<CopyReport | undefined> {
  let ref: ObjectRef;
  try {
    ref = parseObjectCreated(event, deps.config);
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    deps.log('WARN', 'invalid-event', { reason: error.message, eventId: (event as { id?: unknown } | null)?.id });
    return undefined;
  }
  const report = await copyAlertObject(ref, deps);
  const incomplete = report.rejected > 0 || Object.values(report.skipped).some((n) => n > 0);
  deps.log(incomplete ? 'WARN' : 'INFO', 'copied', { ...report });
  return report;
}

export async function copyAlertObject(ref: ObjectRef, deps: CopyDeps): Promise<CopyReport> {
  const stream = streamNameFor(ref.key);
  const written = (await deps.logGroup.openStream(stream)) === 'existing' ? await deps.logGroup.lastEvent(stream) : undefined;
  const attempt = await copyBatches(ref, stream, written, deps);
  return attempt.resumed ? attempt.report : (await copyBatches(ref, stream, undefined, deps)).report;
}

/**
 * Streams the object through the batch builder. With `written`, batches are skipped up to and
 * including the one holding it; `resumed` is false when it never came (nothing was sent then).
 */
async function copyBatches(ref: ObjectRef, stream: string, written: AlertEvent | undefined, deps: CopyDeps) {
  const report: CopyReport = {
    key: ref.key,
    stream,
    copied: 0,
    putCalls: 0,
    alreadyCopied: 0,
    rejected: 0,
    skipped: { malformed: 0, oversized: 0, 'too-old': 0, 'too-new': 0 },
    badLines: [],
  };
  let skipping = written !== undefined;
  const send = async (batch: readonly AlertEvent[]) => {
    if (skipping) {
      report.alreadyCopied += batch.length;
      skipping = !batch.some((e) => sameEvent(e, written!));
      return;
    }
    const rejected = await deps.logGroup.put(stream, batch);
    report.putCalls += 1;
    report.copied += batch.length - rejected;
    report.rejected += rejected;
  };

  const builder = new BatchBuilder();
  let lineNumber = 0;
  for await (const line of linesOf(ref, await deps.archive.open(ref))) {
    lineNumber += 1;
    const parsed = parseAlertLine(line, deps.nowMs);
    if (parsed === undefined) continue;
    if ('skip' in parsed) {
      report.skipped[parsed.skip] += 1;
      const bad = parsed.skip === 'malformed' || parsed.skip === 'oversized';
      if (bad && report.badLines.length < BAD_LINES_LOGGED) report.badLines.push(lineNumber);
      continue;
    }
    const closed = builder.add(parsed.event);
    if (closed) await send(closed);
  }
  const last = builder.flush();
  if (last) await send(last);
  return { report, resumed: !skipping };
}

/** The lines of a gzip'ed object, decoded as UTF-8; read or unzip errors become UnreadableObjectError. */
async function* linesOf(ref: ObjectRef, body: Readable): AsyncGenerator<string> {
  const unzipped = createGunzip();
  body.once('error', (error) => unzipped.destroy(error));
  body.pipe(unzipped);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of unzipped) {
      const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = lines.pop()!;
      yield* lines;
    }
  } catch (error) {
    throw new UnreadableObjectError(ref, error);
  } finally {
    // Also when the caller stops early (a failed PutLogEvents): release the S3 connection.
    body.destroy();
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}
