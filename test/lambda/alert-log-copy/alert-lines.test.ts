import { AlertEvent, BatchBuilder, PUT_LOG_EVENTS, eventBytes, parseAlertLine, rejectedCount, streamNameFor, toBatches } from '../../../lambda/alert-log-copy/alert-lines';
import { ALERT_KEY, alertLine } from '../fixtures/alert-objects';

const NOW = Date.UTC(2025, 0, 15, 9, 5, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An event whose size (message bytes + 26) is exactly `bytes`. */
const sized = (bytes: number, timestamp = NOW): AlertEvent => ({ timestamp, message: 'x'.repeat(bytes - PUT_LOG_EVENTS.eventOverheadBytes) });

describe('parseAlertLine', () => {
  test('keeps the line exactly and takes its own event_timestamp (seconds, string or number) in milliseconds', () => {
    const line = alertLine({ at: NOW - 5 * 60_000 });
    expect(parseAlertLine(line, NOW)).toEqual({ event: { timestamp: NOW - 5 * 60_000, message: line } });
    expect(parseAlertLine(alertLine({ at: NOW, timestampAs: 'number' }), NOW)).toMatchObject({ event: { timestamp: NOW } });
    expect(parseAlertLine(`${line}\r`, NOW)).toEqual({ event: { timestamp: NOW - 5 * 60_000, message: line } });
  });

  test('blank lines are nothing; lines without a JSON object and a positive numeric event_timestamp are malformed', () => {
    expect(parseAlertLine('', NOW)).toBeUndefined();
    expect(parseAlertLine('  \r', NOW)).toBeUndefined();
    for (const bad of ['not json', '{"event_timestamp":', '{"event":{}}', '{"event_timestamp":"soon"}', '{"event_timestamp":"-5"}', '{"event_timestamp":0}', '[1700000000]', '"1700000000"']) {
      expect([bad, parseAlertLine(bad, NOW)]).toEqual([bad, { skip: 'malformed' }]);
    }
  });

  test('an event over 256 KiB with its 26 bytes of overhead, counted in UTF-8, is oversized', () => {
    const head = `{"event_timestamp":"${NOW / 1000}","pad":"`;
    const lineOf = (bytes: number, char: string) => `${head}${char.repeat((bytes - 26 - head.length - 2) / Buffer.byteLength(char))}"}`;
    expect(parseAlertLine(lineOf(PUT_LOG_EVENTS.maxEventBytes, 'a'), NOW)).toMatchObject({ event: { timestamp: NOW } });
    expect(parseAlertLine(lineOf(PUT_LOG_EVENTS.maxEventBytes + 2, 'é'), NOW)).toEqual({ skip: 'oversized' });
  });

  test('CloudWatch window: 14 days back and 2 hours ahead are accepted, a second beyond is not', () => {
    expect(parseAlertLine(alertLine({ at: NOW - 14 * DAY }), NOW)).toMatchObject({ event: { timestamp: NOW - 14 * DAY } });
    expect(parseAlertLine(alertLine({ at: NOW - 14 * DAY - 1000 }), NOW)).toEqual({ skip: 'too-old' });
    expect(parseAlertLine(alertLine({ at: NOW + 2 * HOUR }), NOW)).toMatchObject({ event: { timestamp: NOW + 2 * HOUR } });
    expect(parseAlertLine(alertLine({ at: NOW + 2 * HOUR + 1000 }), NOW)).toEqual({ skip: 'too-new' });
  });
});

describe('PutLogEvents batches', () => {
  test('at most 10,000 events per batch', () => {
    const batches = toBatches(Array.from({ length: 10_001 }, (_, i) => ({ timestamp: NOW + i, message: 'm' })));
    expect(batches.map((b) => b.length)).toEqual([10_000, 1]);
  });

  test('at most 1,048,576 bytes, 26 bytes of overhead counted per event', () => {
    const eighth = PUT_LOG_EVENTS.maxBatchBytes / 8;
    expect(toBatches(Array.from({ length: 8 }, () => sized(eighth))).map((b) => b.length)).toEqual([8]);
    expect(toBatches([...Array.from({ length: 7 }, () => sized(eighth)), sized(eighth + 1)]).map((b) => b.length)).toEqual([7, 1]);
    // The same messages without the overhead would fit: 8 × (eighth − 26) + 26 × 8 is the limit exactly.
    expect(eventBytes(sized(eighth))).toBe(eighth);
  });

  test('a batch spans less than 24 hours', () => {
    expect(toBatches([sized(100, NOW), sized(100, NOW + DAY - 1)]).length).toBe(1);
    expect(toBatches([sized(100, NOW), sized(100, NOW + DAY)]).length).toBe(2);
    // Out of order: the span is newest minus oldest, whichever arrives first.
    expect(toBatches([sized(100, NOW + DAY), sized(100, NOW + 1), sized(100, NOW)]).map((b) => b.length)).toEqual([2, 1]);
  });

  test('each batch is in chronological order, equal timestamps in arrival order', () => {
    const events = [3, 1, 2, 1].map((s, i) => ({ timestamp: NOW + s * 1000, message: `line ${i}` }));
    expect(toBatches(events)).toEqual([[events[1], events[3], events[2], events[0]]]);
  });

  test('a mixed object: every event exactly once, every batch within every limit', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    // Roughly in order, as in a real object: 80 s apart with a minute of jitter, over 66 hours.
    const events = Array.from({ length: 3_000 }, (_, i) => ({
      timestamp: NOW + i * 80_000 + Math.floor(random() * 120_000) - 60_000,
      message: `${i}:${'y'.repeat(Math.floor(random() * 1600))}`,
    }));
    const batches = toBatches(events);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    // Compared as one string each: jest's deep equality over thousands of items costs seconds.
    const messages = (list: AlertEvent[]) => list.map((e) => e.message).sort().join('\n');
    expect(messages(batches.flat()) === messages(events)).toBe(true);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(PUT_LOG_EVENTS.maxEvents);
      expect(batch.reduce((sum, e) => sum + eventBytes(e), 0)).toBeLessThanOrEqual(PUT_LOG_EVENTS.maxBatchBytes);
      expect(batch[batch.length - 1].timestamp - batch[0].timestamp).toBeLessThan(PUT_LOG_EVENTS.maxSpanMs);
      expect(batch.every((e, i) => i === 0 || batch[i - 1].timestamp <= e.timestamp)).toBe(true);
    }
    expect(JSON.stringify(toBatches(events)) === JSON.stringify(batches)).toBe(true);
  });

  test('flush closes the last batch once', () => {
    const builder = new BatchBuilder();
    expect(builder.add(sized(100))).toBeUndefined();
    expect(builder.flush()).toHaveLength(1);
    expect(builder.flush()).toBeUndefined();
  });
});

describe('PutLogEvents rejections', () => {
  test.each([
    [undefined, 0],
    [{}, 0],
    [{ tooOldLogEventEndIndex: 2 }, 3],
    [{ expiredLogEventEndIndex: 4, tooOldLogEventEndIndex: 1 }, 5],
    [{ tooNewLogEventStartIndex: 7 }, 3],
    [{ tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 8 }, 4],
    [{ tooOldLogEventEndIndex: 6, tooNewLogEventStartIndex: 3 }, 10],
  ])('%j of 10 events → %d rejected', (info, rejected) => expect(rejectedCount(info, 10)).toBe(rejected));
});

describe('streamNameFor', () => {
  test('the object key, without the characters a stream name may not hold', () => {
    expect(streamNameFor(ALERT_KEY)).toBe(ALERT_KEY);
    expect(streamNameFor('a:b*c/d.log.gz')).toBe('a_b_c/d.log.gz');
  });

  test('at most 512 characters, keeping the file name', () => {
    const name = streamNameFor(`${'p/'.repeat(300)}123456789012_network-firewall_alert.log.gz`);
    expect(name).toHaveLength(512);
    expect(name.endsWith('123456789012_network-firewall_alert.log.gz')).toBe(true);
  });
});
