/**
 * The alert-log-copy handler against moto: a real S3 bucket holding gzip'ed ALERT objects and a
 * real CloudWatch Logs group (moto enforces chronological order within a PutLogEvents call and
 * CloudWatch's 14-day / 2-hour window). PutLogEvents calls are counted by a proxy in front of
 * moto, outside the code.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand, OutputLogEvent, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { REGION, captureStdout, useEnv, useMotoServer } from '../../support/aws-fixture';
import { CallCounter, startCallCounter } from '../../support/moto-server';
import { ALERT_KEY, ALERT_PREFIX, ARCHIVE_BUCKET, COPY_ENV, FLOW_PREFIX, alertLine, gzipObject, objectCreatedEvent, smallAlertLines } from '../fixtures/alert-objects';

jest.setTimeout(60_000);

type Handler = (event: unknown, context?: { awsRequestId?: string }) => Promise<void>;

const moto = useMotoServer();
let counter: CallCounter;
let s3: S3Client;
let logs: CloudWatchLogsClient;
let handler: Handler;
let out: ReturnType<typeof captureStdout>;

const GROUP = COPY_ENV.LOG_GROUP_NAME;
const minutesAgo = (m: number) => Date.now() - m * 60_000;
const putObject = (key: string, body: Buffer) => s3.send(new PutObjectCommand({ Bucket: ARCHIVE_BUCKET, Key: key, Body: body }));

/** Every event of a stream, oldest first (GetLogEvents, page by page). */
async function readStream(stream: string): Promise<OutputLogEvent[]> {
  const events: OutputLogEvent[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true, nextToken: token }));
    events.push(...(page.events ?? []));
    if (!page.events?.length || page.nextForwardToken === token) return events;
    token = page.nextForwardToken;
  }
}

beforeAll(async () => {
  counter = await startCallCounter(moto().endpoint);
  s3 = new S3Client({ endpoint: moto().endpoint, region: REGION, forcePathStyle: true });
  logs = new CloudWatchLogsClient({ endpoint: moto().endpoint, region: REGION });
});

afterAll(async () => {
  s3?.destroy();
  logs?.destroy();
  await counter?.stop();
});

beforeEach(async () => {
  await moto().reset();
  await s3.send(new CreateBucketCommand({ Bucket: ARCHIVE_BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  // The handler module reads its environment once, at load, as in Lambda.
  useEnv({ ...COPY_ENV, AWS_ENDPOINT_URL: moto().endpoint, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: counter.endpoint });
  jest.isolateModules(() => {
    handler = (require('../../../lambda/alert-log-copy/handler') as { handler: Handler }).handler;
  });
  counter.resetCounts();
  out = captureStdout();
});

afterEach(() => out.restore());

test('an ALERT object in S3: every line in the log group with its own timestamp, in time order, in a stream named after the key', async () => {
  const [fourAgo, threeAgo, twoAgo] = [4, 3, 2].map(minutesAgo);
  const lines = [
    alertLine({ at: twoAgo, action: 'blocked', flowId: 3 }),
    alertLine({ at: fourAgo, action: 'allowed', flowId: 1 }),
    alertLine({ at: threeAgo, action: 'blocked', flowId: 2, srcIp: '203.0.113.50' }),
  ];
  await putObject(ALERT_KEY, gzipObject(lines));
  await handler(objectCreatedEvent(), { awsRequestId: 'req-1' });

  const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
  expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual([ALERT_KEY]);
  const stored = await readStream(ALERT_KEY);
  expect(stored.map((e) => e.message)).toEqual([lines[1], lines[2], lines[0]]);
  expect(stored.map((e) => e.timestamp)).toEqual([fourAgo, threeAgo, twoAgo].map((ms) => Math.floor(ms / 1000) * 1000));
  expect(counter.count('PutLogEvents')).toBe(1);

  // What an operator would search: the blocked alerts.
  const blocked = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '"blocked"' }));
  expect(blocked.events?.map((e) => e.message)).toEqual([lines[2], lines[0]]);
  expect(out.lines().filter((l) => l.event === 'copied')).toEqual([
    expect.objectContaining({ level: 'INFO', requestId: 'req-1', key: ALERT_KEY, copied: 3, correlation_id: ALERT_KEY, service: 'alert-log-copy' }),
  ]);
});

test('12,000 lines: two calls of 10,000 and 2,000; the same event again writes nothing; after a partial copy only the rest follows', async () => {
  const lines = smallAlertLines(12_000, minutesAgo(1));
  await putObject(ALERT_KEY, gzipObject(lines));
  await handler(objectCreatedEvent());
  expect(counter.count('PutLogEvents')).toBe(2);
  expect((await readStream(ALERT_KEY)).map((e) => e.message)).toEqual(lines);

  counter.resetCounts();
  await handler(objectCreatedEvent());
  expect(counter.count('PutLogEvents')).toBe(0);
  expect(await readStream(ALERT_KEY)).toHaveLength(12_000);

  // An earlier attempt that stored the first batch, then failed.
  const other = ALERT_KEY.replace('5f1c2a9b', '77aa0c3e');
  await putObject(other, gzipObject(lines));
  await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: other }));
  const firstBatch = lines.slice(0, 10_000).map((message) => ({ message, timestamp: Number(JSON.parse(message).event_timestamp) * 1000 }));
  await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: other, logEvents: firstBatch }));
  counter.resetCounts();
  await handler(objectCreatedEvent(other));
  expect(counter.count('PutLogEvents')).toBe(1);
  expect((await readStream(other)).map((e) => e.message)).toEqual(lines);
});

test('lines older than 14 days, more than 2 hours ahead or not alerts stay in S3 only; the warning names the object and the bad lines', async () => {
  const lines = [alertLine({ at: minutesAgo(15 * 24 * 60) }), alertLine({ at: minutesAgo(1) }), 'truncated {"event_ti', alertLine({ at: minutesAgo(-180) })];
  await putObject(ALERT_KEY, gzipObject(lines));
  await handler(objectCreatedEvent());
  expect((await readStream(ALERT_KEY)).map((e) => e.message)).toEqual([lines[1]]);
  expect(out.lines().filter((l) => l.event === 'copied')).toEqual([
    expect.objectContaining({ level: 'WARN', key: ALERT_KEY, copied: 1, skipped: { malformed: 1, oversized: 0, 'too-old': 1, 'too-new': 1 }, badLines: [3] }),
  ]);
});

test('the event of a FLOW object is dropped: nothing read, no stream', async () => {
  const flowKey = `${FLOW_PREFIX}2025/01/15/09/flow.log.gz`;
  await putObject(flowKey, gzipObject([alertLine({ at: minutesAgo(1) })]));
  await handler(objectCreatedEvent(flowKey));
  expect((await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }))).logStreams).toEqual([]);
  expect(out.lines().filter((l) => l.event === 'invalid-event')).toHaveLength(1);
  expect(flowKey.startsWith(ALERT_PREFIX)).toBe(false);
});

test('an object that is not gzip fails the invocation, so Lambda retries it and then dead-letters it', async () => {
  await putObject(ALERT_KEY, Buffer.from(`${alertLine({ at: minutesAgo(1) })}\n`));
  await expect(handler(objectCreatedEvent())).rejects.toThrow(/could not read s3:\/\/hardened-log-archive\/network-firewall\/AWSLogs\//);
  expect(out.lines().filter((l) => l.level === 'ERROR')).toEqual([expect.objectContaining({ error: expect.objectContaining({ name: 'UnreadableObjectError' }) })]);
});
