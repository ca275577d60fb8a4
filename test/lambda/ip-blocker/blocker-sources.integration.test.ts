/**
 * The blocker's offence sources end to end against moto_server (CloudWatch Logs, SQS, DynamoDB,
 * WAFv2): log lines written to the log groups → subscription delivery → intake → offence queue →
 * batches → blocker → table and IP sets. WAF calls are counted by a proxy in front of moto.
 */
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CallCounter, startCallCounter } from '../../support/moto-server';
import { LoadedHandlers, Provisioned, captureStdout, handlerEnv, loadHandlers, provision, readSet, readTable, useEnv, useMotoServer } from '../../support/aws-fixture';
import { FIREWALL_ALERT_GROUP, OffencePipeline, WAF_LOG_GROUP, alertLine, createOffenceQueue, wafRecord } from '../../support/offence-pipeline';
import { inboundEvent } from '../fixtures/events';

jest.setTimeout(90_000);

const moto = useMotoServer();
let counter: CallCounter;
let p: Provisioned;
let h: LoadedHandlers;
let pipeline: OffencePipeline;
let queueUrl: string;
let out: ReturnType<typeof captureStdout>;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const logs = (event: string) => out.lines().filter((l) => l.event === event);
const v4 = () => readSet(moto().endpoint, p.ipv4SetArn);

type Handler = (event: unknown) => Promise<unknown>;
const managed = (ip: string, minutes: number) => ({ timestamp: Date.now(), message: wafRecord({ clientIp: ip, ruleId: 'AWSManagedRulesSQLiRuleSet', type: 'MANAGED_RULE_GROUP', at: minutesAgo(minutes) }) });
function loadIntake(env: Record<string, string>): Handler {
  useEnv(env);
  let intake: Handler | undefined;
  jest.isolateModules(() => {
    intake = (require('../../../lambda/ip-blocker/intake-handler') as { handler: Handler }).handler;
  });
  return intake!;
}

async function setUp(wafEndpoint: string, extra: Record<string, string> = {}) {
  await moto().reset();
  p = await provision(moto().endpoint);
  queueUrl = await createOffenceQueue(moto().endpoint);
  h = loadHandlers(handlerEnv(p, { moto: moto().endpoint, waf: wafEndpoint, extra }));
  const intake = loadIntake({ AWS_ENDPOINT_URL: moto().endpoint, OFFENCE_QUEUE_URL: queueUrl, ...extra });
  pipeline = new OffencePipeline(moto().endpoint, queueUrl, { intake, blocker: h.blocker as Handler });
  counter.resetCounts();
}

beforeAll(async () => {
  counter = await startCallCounter(moto().endpoint);
});
afterAll(async () => {
  await counter?.stop();
});
beforeEach(async () => {
  await setUp(counter.endpoint);
  out = captureStdout();
});
afterEach(() => {
  out.restore();
  pipeline.destroy();
});

describe('firewall ALERT drops', () => {
  test('a signature drop from outside blocks its source at once; alert-only, default-action and inside sources never do', async () => {
    const at = minutesAgo(2);
    await pipeline.write(FIREWALL_ALERT_GROUP, 'alerts-1', [
      { timestamp: at.getTime(), message: alertLine({ src: '45.155.205.233', sid: 2000002, signature: 'HS-IPS path traversal in URI', at }) },
      // A managed threat signature (its own sid) dropping an IPv6 scanner.
      { timestamp: at.getTime(), message: alertLine({ src: '2a03:b0c0:3:d0::1a:f001', sid: 2024897, signature: 'ET SCAN Nmap Scripting Engine User-Agent Detected', at }) },
      // Matched, not dropped.
      { timestamp: at.getTime(), message: alertLine({ src: '80.82.77.139', sid: 2000002, signature: 'HS-IPS path traversal in URI', action: 'allowed', at }) },
      // The policy's default action: not an attack signature.
      { timestamp: at.getTime(), message: alertLine({ src: '185.220.101.4', sid: 2, signature: 'aws:alert_established action', at }) },
      // Our own workload's outbound LDAP (sid 2000009): the source is inside.
      { timestamp: at.getTime(), message: alertLine({ src: '10.20.4.17', sid: 2000009, signature: 'HS-IPS outbound LDAP from the VPC (JNDI callback)', dest: '93.184.216.34', at }) },
      // An allowlisted range (NEVER_BLOCK holds 66.249.64.0/19).
      { timestamp: at.getTime(), message: alertLine({ src: '66.249.66.1', sid: 2000003, signature: 'HS-IPS Log4Shell JNDI lookup in URI', at }) },
      { timestamp: at.getTime(), message: 'not json' },
    ]);
    await pipeline.deliver(FIREWALL_ALERT_GROUP, 'alerts-1');
    const drained = await pipeline.drain({ batchSize: 1000 });

    expect(drained).toMatchObject({ batches: 1, messages: 4, failed: 0 });
    expect(await v4()).toEqual(['45.155.205.233/32']);
    expect(await readSet(moto().endpoint, p.ipv6SetArn)).toEqual(['2a03:b0c0:3:d0::1a:f001/128']);
    expect(counter.count('UpdateIPSet')).toBe(2);

    const table = await readTable(moto().endpoint, p.tableName);
    expect(table.get('45.155.205.233/32')).toMatchObject({ expiresAt: Math.floor(at.getTime() / 1000) + 24 * 3600, findingId: 'firewall:alerts-1/0' });
    expect(logs('intake')[0]).toMatchObject({ logGroup: FIREWALL_ALERT_GROUP, events: 7, queued: 4, ignored: { 'not-a-drop': 1, 'default-action': 1, 'not-json': 1 } });
    const skips = logs('skip');
    expect(skips).toEqual(expect.arrayContaining([
      expect.objectContaining({ reason: 'own-network', address: '10.20.4.17', action: 'firewallDrop', detail: '10.20.0.0/16' }),
      expect.objectContaining({ reason: 'allowlist', address: '66.249.66.1', detail: '66.249.64.0/19' }),
    ]));
    expect(logs('block').map((b) => [b.address, b.action])).toEqual(expect.arrayContaining([['45.155.205.233/32', 'firewallDrop']]));
  });

  test('a replayed delivery changes nothing: no new record, no WAF update', async () => {
    await pipeline.write(FIREWALL_ALERT_GROUP, 'alerts-1', [{ timestamp: Date.now(), message: alertLine({ src: '45.155.205.233', sid: 2000006, signature: 'HS-IPS SQL injection UNION SELECT in URI' }) }]);
    await pipeline.deliver(FIREWALL_ALERT_GROUP, 'alerts-1');
    await pipeline.drain({ batchSize: 100 });
    const before = await readTable(moto().endpoint, p.tableName);
    counter.resetCounts();

    await pipeline.deliver(FIREWALL_ALERT_GROUP, 'alerts-1');
    await pipeline.deliver(FIREWALL_ALERT_GROUP, 'alerts-1');
    await pipeline.drain({ batchSize: 100 });

    expect(await readTable(moto().endpoint, p.tableName)).toEqual(before);
    expect(counter.count('UpdateIPSet')).toBe(0);
    expect(await v4()).toEqual(['45.155.205.233/32']);
  });
});

describe('WAF blocks', () => {
  test('five managed-rule blocks within ten minutes block the client; four do not, and a replay of the four does not either', async () => {
    await pipeline.write(WAF_LOG_GROUP, 'waf-1', [4, 3, 2, 1].map((m) => managed('91.92.109.17', m)));
    await pipeline.deliver(WAF_LOG_GROUP, 'waf-1');
    await pipeline.deliver(WAF_LOG_GROUP, 'waf-1'); // replay: the same four events again
    await pipeline.drain({ batchSize: 1000 });
    expect(await v4()).toEqual([]);
    expect(logs('skip').filter((s) => s.reason === 'below-threshold').at(-1)).toMatchObject({ address: '91.92.109.17', detail: '4 of 5 within 600s' });

    await pipeline.write(WAF_LOG_GROUP, 'waf-1', [managed('91.92.109.17', 0)]);
    await pipeline.deliver(WAF_LOG_GROUP, 'waf-1', { from: 4 });
    await pipeline.drain({ batchSize: 1000 });
    expect(await v4()).toEqual(['91.92.109.17/32']);
    expect(logs('threshold')).toEqual([expect.objectContaining({ address: '91.92.109.17/32', source: 'waf', detail: '5 of 5 within 600s' })]);
  });

  test('a tally prunes offences no window can reach any more', async () => {
    const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb');
    const { OffenceCounter, PRUNE_AT, counterKey } = await import('../../../lambda/ip-blocker/offence-counter');
    const dynamo = new DynamoDBClient({ endpoint: moto().endpoint });
    const counter = new OffenceCounter(dynamo, p.tableName);
    const old = Array.from({ length: PRUNE_AT }, (_, i) => ({ id: `old-${i}`, at: 1_000_000 + i * 700 }));
    const first = await counter.add('waf', '91.92.109.17/32', old, 600);
    expect(first.inWindow).toBe(1);
    const tally = await counter.add('waf', '91.92.109.17/32', [{ id: 'new', at: 1_000_000 + PRUNE_AT * 700 }], 600);
    expect(tally.inWindow).toBe(1);
    const item = await dynamo.send(new GetItemCommand({ TableName: p.tableName, Key: { address: { S: counterKey('waf', '91.92.109.17/32') } }, ConsistentRead: true }));
    expect(item.Item?.hits?.SS).toEqual([`${1_000_000 + PRUNE_AT * 700}|new`]);
    dynamo.destroy();
  });

  test('blocks spread wider than the window never add up', async () => {
    await pipeline.write(WAF_LOG_GROUP, 'waf-1', [44, 33, 22, 11, 0].map((m) => managed('91.92.109.17', m)));
    await pipeline.deliver(WAF_LOG_GROUP, 'waf-1', { perDelivery: 1 });
    await pipeline.drain({ batchSize: 1 });
    expect(await v4()).toEqual([]);
  });

  test('the admin-path rule counts; the rate limit and the block lists never do', async () => {
    const admin = (m: number) => ({ timestamp: Date.now(), message: wafRecord({ clientIp: '80.82.77.139', ruleId: 'AdminPathsFromAllowlistOnly', type: 'REGULAR', at: minutesAgo(m) }) });
    const rate = (m: number) => ({ timestamp: Date.now(), message: wafRecord({ clientIp: '185.220.101.4', ruleId: 'RateLimitPerClientIp', type: 'RATE_BASED', at: minutesAgo(m) }) });
    const listed = (m: number) => ({ timestamp: Date.now(), message: wafRecord({ clientIp: '45.155.205.233', ruleId: 'BlockListIpv4', type: 'REGULAR', at: minutesAgo(m) }) });
    await pipeline.write(WAF_LOG_GROUP, 'waf-1', [5, 4, 3, 2, 1].flatMap((m) => [admin(m), rate(m), rate(m), listed(m)]));
    await pipeline.deliver(WAF_LOG_GROUP, 'waf-1');
    await pipeline.drain({ batchSize: 1000 });
    expect(await v4()).toEqual(['80.82.77.139/32']);
    expect(logs('intake')[0]).toMatchObject({ queued: 5, ignored: { 'rate-limit': 10, 'uncounted-rule': 5 } });
  });
});

describe('the reconciler', () => {
  test('keeps the blocks that came from the logs and leaves the tallies alone', async () => {
    await pipeline.write(FIREWALL_ALERT_GROUP, 'alerts-1', [{ timestamp: Date.now(), message: alertLine({ src: '45.155.205.233', sid: 2000008, signature: 'HS-IPS system file read attempt' }) }]);
    await pipeline.write(WAF_LOG_GROUP, 'waf-1', [3, 2, 1].map((m) => managed('91.92.109.17', m)));
    await pipeline.deliver(FIREWALL_ALERT_GROUP, 'alerts-1');
    await pipeline.deliver(WAF_LOG_GROUP, 'waf-1');
    await pipeline.drain({ batchSize: 100 });
    const before = await readTable(moto().endpoint, p.tableName);
    expect([...before.keys()].sort()).toEqual(['45.155.205.233/32', 'offences#waf#91.92.109.17/32']);

    const { ListDetectorsCommand, ListFindingsCommand } = h.guardduty;
    jest.spyOn(h.GuardDutyClient.prototype, 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof ListDetectorsCommand) return { DetectorIds: ['5ecb2f1a0c8d4e3f9b7a6c5d4e3f2a1b'] };
      if (command instanceof ListFindingsCommand) return { FindingIds: [] };
      throw new Error('unexpected GuardDuty call');
    }) as never);
    await h.reconciler({});

    expect(await v4()).toEqual(['45.155.205.233/32']);
    expect(await readTable(moto().endpoint, p.tableName)).toEqual(before);
    expect(logs('unblock')).toEqual([]);
  });
});

describe('one queue for every source', () => {
  test('a GuardDuty finding, a firewall drop and WAF blocks in one batch: one UpdateIPSet for the IPv4 set', async () => {
    const addresses = Array.from({ length: 60 }, (_, i) => `${20 + (i % 40)}.${i}.7.${i + 1}`);
    await pipeline.write(FIREWALL_ALERT_GROUP, 'alerts-1', addresses.slice(0, 30).map((src) => ({ timestamp: Date.now(), message: alertLine({ src, sid: 2000007, signature: 'HS-IPS script tag in URI' }) })));
    await pipeline.write(WAF_LOG_GROUP, 'waf-1', addresses.slice(30).flatMap((ip) => [5, 4, 3, 2, 1].map((m) => managed(ip, m))));
    await pipeline.deliver(FIREWALL_ALERT_GROUP, 'alerts-1');
    await pipeline.deliver(WAF_LOG_GROUP, 'waf-1');
    // GuardDuty's finding events reach the same queue (the consumer reads either message).
    const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');
    const sqs = new SQSClient({ endpoint: moto().endpoint });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(inboundEvent({ id: 'ssh-1', address: '77.83.36.10', lastSeen: minutesAgo(1) })) }));
    sqs.destroy();

    const drained = await pipeline.drain({ batchSize: 1000 });
    expect(drained).toMatchObject({ batches: 1, messages: 30 + 150 + 1, failed: 0 });
    expect((await v4()).sort()).toEqual([...addresses, '77.83.36.10'].map((a) => `${a}/32`).sort());
    expect(counter.count('UpdateIPSet')).toBe(1);
  });
});

describe('WAF throttling', () => {
  let throttle: { server: Server; endpoint: string; on: boolean };

  beforeEach(async () => {
    // A proxy in front of moto's WAF that answers UpdateIPSet with WAF's throttling error while `on`.
    throttle = { server: undefined as unknown as Server, endpoint: '', on: true };
    const { hostname, port } = new URL(moto().endpoint);
    throttle.server = createServer((req, res) => {
      if (throttle.on && String(req.headers['x-amz-target'] ?? '').endsWith('UpdateIPSet')) {
        req.resume();
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'WAFLimitsExceededException', Message: 'throttled' }));
        return;
      }
      const upstream = request({ hostname, port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => throttle.server.listen(0, '127.0.0.1', resolve));
    throttle.endpoint = `http://127.0.0.1:${(throttle.server.address() as AddressInfo).port}`;
    pipeline.destroy();
    await setUp(throttle.endpoint, { WAF_MAX_ATTEMPTS: '2' });
  });
  afterEach(async () => {
    throttle.server.closeAllConnections();
    await new Promise<void>((resolve) => throttle.server.close(() => resolve()));
  });

  test('a batch WAF refuses is reported failed, stays in the queue and is blocked on a later receive: nothing lost', async () => {
    await pipeline.write(FIREWALL_ALERT_GROUP, 'alerts-1', ['45.155.205.233', '80.82.77.139'].map((src) => ({ timestamp: Date.now(), message: alertLine({ src, sid: 2000005, signature: 'HS-IPS Shellshock function definition in headers' }) })));
    await pipeline.deliver(FIREWALL_ALERT_GROUP, 'alerts-1');

    const first = await pipeline.drain({ batchSize: 100, visibilitySeconds: 1 });
    expect(first).toMatchObject({ messages: 2, failed: 2 });
    expect(await v4()).toEqual([]);
    expect(await pipeline.depth()).toBe(2);
    expect(logs('error')).toEqual([expect.objectContaining({ stage: 'block', messages: 2 })]);

    throttle.on = false;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the visibility timeout
    const second = await pipeline.drain({ batchSize: 100 });
    expect(second).toMatchObject({ messages: 2, failed: 0 });
    expect((await v4()).sort()).toEqual(['45.155.205.233/32', '80.82.77.139/32']);
    expect(await pipeline.depth()).toBe(0);
  });
});
