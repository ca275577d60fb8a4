import { Readable } from 'node:stream';
import { AlertEvent, parseAlertLine, toBatches } from '../../../lambda/alert-log-copy/alert-lines';
import { ConfigError, loadConfig } from '../../../lambda/alert-log-copy/config';
import { AlertLogGroup, CopyDeps, UnreadableObjectError, handleObjectCreated } from '../../../lambda/alert-log-copy/copy';
import { Level } from '../../../lambda/shared/observability';
import { ALERT_KEY, COPY_ENV, FLOW_PREFIX, alertLine, alertLines, gzipObject, objectCreatedEvent } from '../fixtures/alert-objects';

const NOW = Date.UTC(2025, 0, 15, 9, 5, 0);
const config = loadConfig(COPY_ENV);

/** CloudWatch Logs as the copy sees it: streams of stored events. */
class FakeLogGroup implements AlertLogGroup {
  public readonly streams = new Map<string, AlertEvent[]>();
  public readonly putSizes: number[] = [];
  /** Events of each put that CloudWatch "rejects" (counted from the end of the batch). */
  public rejectPerPut = 0;

  public async openStream(name: string): Promise<'created' | 'existing'> {
    if (this.streams.has(name)) return 'existing';
    this.streams.set(name, []);
    return 'created';
  }

  /** The newest event; among equal timestamps the first stored, as nothing promises which one. */
  public async lastEvent(name: string): Promise<AlertEvent | undefined> {
    const stored = this.streams.get(name) ?? [];
    const newest = Math.max(...stored.map((e) => e.timestamp));
    return stored.find((e) => e.timestamp === newest);
  }

  public async put(name: string, batch: readonly AlertEvent[]): Promise<number> {
    this.putSizes.push(batch.length);
    this.streams.get(name)!.push(...batch.slice(0, batch.length - this.rejectPerPut));
    return this.rejectPerPut;
  }
}

function setup(object: Buffer | (() => Readable)) {
  const logGroup = new FakeLogGroup();
  const logs: Array<{ level: Level; event: string } & Record<string, any>> = [];
  let opened = 0;
  const deps: CopyDeps = {
    config,
    logGroup,
    nowMs: NOW,
    log: (level, event, fields = {}) => logs.push({ level, event, ...fields }),
    archive: {
      open: async () => {
        opened += 1;
        return typeof object === 'function' ? object() : Readable.from([object]);
      },
    },
  };
  return { deps, logGroup, logs, opened: () => opened, stored: () => logGroup.streams.get(ALERT_KEY) ?? [] };
}

const messages = (events: readonly AlertEvent[]) => events.map((e) => e.message);

describe('copying one ALERT object', () => {
  test('every line, with its own timestamp and in time order, into a stream named after the object key', async () => {
    const lines = [alertLine({ at: NOW - 3000, flowId: 3 }), alertLine({ at: NOW - 9000, flowId: 1 }), '', alertLine({ at: NOW - 6000, flowId: 2 })];
    const t = setup(gzipObject(lines));
    const report = await handleObjectCreated(objectCreatedEvent(), t.deps);
    expect([...t.logGroup.streams.keys()]).toEqual([ALERT_KEY]);
    expect(t.stored()).toEqual([
      { timestamp: NOW - 9000, message: lines[1] },
      { timestamp: NOW - 6000, message: lines[3] },
      { timestamp: NOW - 3000, message: lines[0] },
    ]);
    expect(report).toMatchObject({ copied: 3, putCalls: 1, alreadyCopied: 0, rejected: 0, badLines: [] });
    expect(t.logs).toEqual([expect.objectContaining({ level: 'INFO', event: 'copied', key: ALERT_KEY, copied: 3 })]);
  });

  test('3,000 firewall-sized lines go out as calls of at most 1 MiB', async () => {
    const lines = alertLines(3_000, NOW);
    const t = setup(gzipObject(lines));
    await handleObjectCreated(objectCreatedEvent(), t.deps);
    // The longest prefix of the (already ordered) lines whose messages plus 26 bytes each fit in 1 MiB.
    let bytes = 0;
    const fit = lines.findIndex((line) => (bytes += Buffer.byteLength(line) + 26) > 1_048_576);
    expect(t.logGroup.putSizes).toEqual([fit, 3_000 - fit]);
    expect(messages(t.stored())).toEqual(lines);
  });

  test('lines CloudWatch would refuse, or that are not alerts, are left out, counted and located; the rest is copied', async () => {
    const lines = [
      alertLine({ at: NOW - 15 * 24 * 3_600_000 }),
      'garbage',
      alertLine({ at: NOW - 1000 }),
      '{"event":{"event_type":"alert"}}',
      alertLine({ at: NOW + 3 * 3_600_000 }),
    ];
    const t = setup(gzipObject(lines));
    const report = await handleObjectCreated(objectCreatedEvent(), t.deps);
    expect(messages(t.stored())).toEqual([lines[2]]);
    expect(report).toMatchObject({ copied: 1, skipped: { malformed: 2, oversized: 0, 'too-old': 1, 'too-new': 1 }, badLines: [2, 4] });
    expect(t.logs).toEqual([expect.objectContaining({ level: 'WARN', event: 'copied' })]);
  });

  test('events CloudWatch rejects at the edge of its window are counted, not retried', async () => {
    const t = setup(gzipObject(alertLines(5, NOW)));
    t.logGroup.rejectPerPut = 2;
    const report = await handleObjectCreated(objectCreatedEvent(), t.deps);
    expect(report).toMatchObject({ copied: 3, rejected: 2, putCalls: 1 });
    expect(t.logs[0].level).toBe('WARN');
  });
});

describe('a repeated delivery never writes an alert twice, nor leaves one out', () => {
  // 3,000 firewall-sized lines make two batches (the byte limit closes the first).
  const lines = alertLines(3_000, NOW);
  /** What an attempt that failed after its first PutLogEvents call left in the stream. */
  const firstBatchOf = (object: string[]) => toBatches(object.map((line) => (parseAlertLine(line, NOW) as { event: AlertEvent }).event))[0];

  test('after a complete copy: nothing is written', async () => {
    const t = setup(gzipObject(lines));
    await handleObjectCreated(objectCreatedEvent(), t.deps);
    const report = await handleObjectCreated(objectCreatedEvent(), t.deps);
    expect(report).toMatchObject({ copied: 0, putCalls: 0, alreadyCopied: 3_000 });
    expect(t.stored()).toHaveLength(3_000);
    expect(t.opened()).toBe(2);
  });

  test('after an attempt that stored only its first batch: the second batch follows, once', async () => {
    const t = setup(gzipObject(lines));
    const stored = firstBatchOf(lines);
    t.logGroup.streams.set(ALERT_KEY, [...stored]);
    const report = await handleObjectCreated(objectCreatedEvent(), t.deps);
    expect(report).toMatchObject({ copied: 3_000 - stored.length, putCalls: 1, alreadyCopied: stored.length });
    expect(messages(t.stored())).toEqual(lines);
  });

  test('equal timestamps across batches: whichever stored event CloudWatch calls newest, the rest follows', async () => {
    const sameSecond = lines.map((line) => line.replace(/"event_timestamp":"\d+"/, `"event_timestamp":"${NOW / 1000}"`));
    const t = setup(gzipObject(sameSecond));
    t.logGroup.streams.set(ALERT_KEY, [...firstBatchOf(sameSecond)]);
    await handleObjectCreated(objectCreatedEvent(), t.deps);
    expect(messages(t.stored()).sort()).toEqual([...sameSecond].sort());
  });

  test('a stream holding what this object does not produce: the whole object is copied', async () => {
    const lines = alertLines(3, NOW);
    const t = setup(gzipObject(lines));
    const foreign = { timestamp: NOW, message: alertLine({ at: NOW, flowId: 999 }) };
    t.logGroup.streams.set(ALERT_KEY, [foreign]);
    const report = await handleObjectCreated(objectCreatedEvent(), t.deps);
    expect(report).toMatchObject({ copied: 3, alreadyCopied: 0 });
    expect(messages(t.stored())).toEqual([foreign.message, ...lines]);
  });
});

describe('what is not copied', () => {
  test.each([
    ['a FLOW object', objectCreatedEvent(`${FLOW_PREFIX}2025/01/15/09/flow.log.gz`)],
    ['an object of another bucket', objectCreatedEvent(ALERT_KEY, 'someone-elses-bucket')],
    ['another kind of event', { source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding', detail: {} }],
    ['an event without a key', { ...objectCreatedEvent(), detail: { bucket: { name: COPY_ENV.ARCHIVE_BUCKET } } }],
  ])('%s: dropped with a warning, nothing read or written', async (_what, event) => {
    const t = setup(gzipObject(alertLines(1, NOW)));
    expect(await handleObjectCreated(event, t.deps)).toBeUndefined();
    expect(t.opened()).toBe(0);
    expect(t.logGroup.streams.size).toBe(0);
    expect(t.logs).toEqual([expect.objectContaining({ level: 'WARN', event: 'invalid-event' })]);
  });

  test('an object that is not gzip fails the invocation (retried, then dead-lettered)', async () => {
    const t = setup(Buffer.from('{"event_timestamp":"1"}\n'));
    await expect(handleObjectCreated(objectCreatedEvent(), t.deps)).rejects.toThrow(UnreadableObjectError);
  });

  test('a read that breaks off fails the invocation', async () => {
    const whole = gzipObject(alertLines(100, NOW));
    const t = setup(() =>
      Readable.from(
        (async function* () {
          yield whole.subarray(0, 64);
          throw new Error('socket hang up');
        })(),
      ),
    );
    await expect(handleObjectCreated(objectCreatedEvent(), t.deps)).rejects.toThrow(/socket hang up/);
  });
});

describe('environment', () => {
  test('every missing variable is named in one error', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/LOG_GROUP_NAME is not set; ARCHIVE_BUCKET is not set; ALERT_KEY_PREFIX is not set/);
  });

  test('a prefix that is not an ALERT prefix is refused', () => {
    expect(() => loadConfig({ ...COPY_ENV, ALERT_KEY_PREFIX: FLOW_PREFIX })).toThrow(/ALERT_KEY_PREFIX: got ".*\/flow\/.*"; expected the ALERT objects' prefix/);
  });
});
