/**
 * The blocker handler against moto: real WAFv2 IP sets (LockToken semantics) and a real
 * DynamoDB table. WAF calls are counted by a proxy in front of moto, outside the code.
 */
import { CallCounter, startCallCounter } from '../../support/moto-server';
import {
  LoadedHandlers,
  Provisioned,
  captureStdout,
  handlerEnv,
  loadHandlers,
  metricTotal,
  provision,
  readSet,
  readTable,
  writeSet,
  useMotoServer,
} from '../../support/aws-fixture';
import { inboundEvent, loadEvent, portProbeEvent } from '../fixtures/events';

jest.setTimeout(60_000);

const moto = useMotoServer();
let counter: CallCounter;
let p: Provisioned;
let h: LoadedHandlers;
let out: ReturnType<typeof captureStdout>;

const TTL = 24 * 3600;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
const logs = (event: string) => out.lines().filter((l) => l.event === event);

beforeAll(async () => {
  counter = await startCallCounter(moto().endpoint);
});

afterAll(async () => {
  await counter?.stop();
});

beforeEach(async () => {
  await moto().reset();
  p = await provision(moto().endpoint);
  h = loadHandlers(handlerEnv(p, { moto: moto().endpoint, waf: counter.endpoint }));
  counter.resetCounts();
  out = captureStdout();
});

afterEach(() => out.restore());

describe('blocker handler', () => {
  test('a port probe: every blockable prober in its set, one UpdateIPSet per set, expiry recorded and logged', async () => {
    const lastSeen = minutesAgo(5);
    const event = portProbeEvent({
      id: 'probe-1',
      lastSeen,
      addresses: ['45.155.205.233', '185.220.101.4', '2a03:b0c0:3:d0::1a:f001', '80.82.77.139', '::ffff:91.92.109.17', '10.20.4.4', '203.0.113.9', 'fe80::1', '45.155.205.233'],
    });
    await h.blocker(event, { awsRequestId: 'req-1' });

    expect((await readSet(moto().endpoint, p.ipv4SetArn)).sort()).toEqual(['185.220.101.4/32', '45.155.205.233/32', '80.82.77.139/32', '91.92.109.17/32']);
    expect(await readSet(moto().endpoint, p.ipv6SetArn)).toEqual(['2a03:b0c0:3:d0::1a:f001/128']);
    expect(counter.count('UpdateIPSet')).toBe(2);

    const table = await readTable(moto().endpoint, p.tableName);
    expect([...table.keys()].sort()).toEqual(['185.220.101.4/32', '2a03:b0c0:3:d0::1a:f001/128', '45.155.205.233/32', '80.82.77.139/32', '91.92.109.17/32']);
    for (const item of table.values()) {
      expect(item).toMatchObject({ expiresAt: epoch(lastSeen) + TTL, findingId: 'probe-1', offences: 1 });
    }

    const blocks = logs('block');
    expect(blocks).toHaveLength(5);
    expect(blocks[0]).toMatchObject({
      level: 'INFO',
      requestId: 'req-1',
      findingId: 'probe-1',
      findingType: 'Recon:EC2/PortProbeUnprotectedPort',
      severity: 8,
      change: 'new',
      expiresAt: new Date((epoch(lastSeen) + TTL) * 1000).toISOString(),
    });
    expect(logs('skip').map((s) => [s.address, s.reason])).toEqual([
      ['10.20.4.4', 'own-network'],
      ['203.0.113.9', 'allowlist'],
      ['fe80::1', 'link-local'],
    ]);
    const lines = out.lines();
    expect(metricTotal(lines, 'Blocked')).toBe(5);
    expect(metricTotal(lines, 'Skipped')).toBe(3);
    expect(metricTotal(lines, 'WafUpdateCalls')).toBe(2);
    const sizes = lines.filter((l) => l._aws && l.SetSize !== undefined).map((l) => [l.IpVersion, l.SetSize]);
    expect(sizes.sort()).toEqual([
      ['IPv4', 4],
      ['IPv6', 1],
    ]);
    const emf = lines.find((l) => l._aws && l.Blocked !== undefined)!;
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'HardenedStack/IpBlocker', Dimensions: [['Function']] });
  });

  test('every finding kind that carries an attacker is blocked; outbound and DNS findings are not', async () => {
    const recent = minutesAgo(1).toISOString();
    for (const name of ['network-connection-inbound', 'port-probe', 'aws-api-call', 'rds-login', 'kubernetes-api', 'network-connection-outbound', 'dns-request']) {
      const event = loadEvent(name);
      event.detail.severity = 8;
      event.detail.service.eventLastSeen = recent;
      await h.blocker(event);
    }
    expect((await readSet(moto().endpoint, p.ipv4SetArn)).sort()).toEqual(
      ['103.251.167.20/32', '141.98.11.60/32', '185.220.101.4/32', '45.155.205.233/32', '80.82.77.139/32'].sort(),
    );
    expect((await readSet(moto().endpoint, p.ipv6SetArn)).sort()).toEqual(['2a01:4f8:c17:b8f::2/128', '2a03:b0c0:3:d0::1a:f001/128']);
    expect(logs('skip').map((s) => s.reason)).toEqual(['not-inbound', 'no-address', 'no-address']);
    // One update per set touched, per finding: 4 findings carry IPv4 attackers, 2 carry IPv6.
    expect(counter.count('UpdateIPSet')).toBe(6);
  });

  test('a re-sent finding (same id) changes nothing and makes no WAF write; a later offence extends the block', async () => {
    const lastSeen = minutesAgo(30);
    const event = inboundEvent({ id: 'ssh-1', address: '45.155.205.233', lastSeen });
    await h.blocker(event);
    expect(counter.count('UpdateIPSet')).toBe(1);
    const before = await readTable(moto().endpoint, p.tableName);

    await h.blocker(structuredClone(event));
    await h.blocker(structuredClone(event));
    expect(counter.count('UpdateIPSet')).toBe(1);
    expect(await readTable(moto().endpoint, p.tableName)).toEqual(before);
    expect(await readSet(moto().endpoint, p.ipv4SetArn)).toEqual(['45.155.205.233/32']);
    expect(logs('skip').map((s) => [s.reason, s.findingId])).toEqual([
      ['duplicate', 'ssh-1'],
      ['duplicate', 'ssh-1'],
    ]);

    // GuardDuty re-sends the same finding id with a later eventLastSeen when the activity recurs.
    const again = minutesAgo(1);
    await h.blocker(inboundEvent({ id: 'ssh-1', address: '45.155.205.233', lastSeen: again }));
    const after = (await readTable(moto().endpoint, p.tableName)).get('45.155.205.233/32')!;
    expect(after.expiresAt).toBe(epoch(again) + TTL);
    expect(after.offences).toBe(2);
    expect(logs('block').at(-1)).toMatchObject({ change: 'extended', address: '45.155.205.233/32' });
    expect(counter.count('UpdateIPSet')).toBe(2);
    expect(await readSet(moto().endpoint, p.ipv4SetArn)).toEqual(['45.155.205.233/32']);
  });

  test('a recorded block missing from the set (an earlier write failed) is restored when the event is retried', async () => {
    const event = inboundEvent({ id: 'ssh-2', address: '141.98.11.60', lastSeen: minutesAgo(2) });
    await h.blocker(event);
    await writeSet(moto().endpoint, p.ipv4SetArn, []);
    await h.blocker(structuredClone(event));
    expect(await readSet(moto().endpoint, p.ipv4SetArn)).toEqual(['141.98.11.60/32']);
    expect(logs('block').at(-1)).toMatchObject({ change: 'restored' });
  });

  test('only protected addresses: nothing written anywhere', async () => {
    const event = portProbeEvent({
      id: 'probe-safe',
      lastSeen: minutesAgo(1),
      addresses: ['10.21.0.5', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.1.1', '198.51.100.7', '66.249.66.1', '::1', '0.0.0.0/0', '2001:db8:1::5', 'not-an-ip'],
    });
    await h.blocker(event);
    expect(counter.count('UpdateIPSet')).toBe(0);
    expect(counter.count('GetIPSet')).toBe(0);
    expect(await readSet(moto().endpoint, p.ipv4SetArn)).toEqual([]);
    expect(await readSet(moto().endpoint, p.ipv6SetArn)).toEqual([]);
    expect((await readTable(moto().endpoint, p.tableName)).size).toBe(0);
    expect(logs('skip').map((s) => s.reason)).toEqual([
      'own-network', 'private', 'loopback', 'link-local', 'shared-address-space', 'allowlist', 'allowlist', 'loopback', 'zero-prefix', 'allowlist', 'malformed',
    ]);
  });

  test('an allowlisted address already in the set is removed by the next write', async () => {
    await writeSet(moto().endpoint, p.ipv4SetArn, ['66.249.66.1/32', '0.0.0.0/0']);
    await h.blocker(inboundEvent({ id: 'ssh-3', address: '45.155.205.233', lastSeen: minutesAgo(1) }));
    expect(await readSet(moto().endpoint, p.ipv4SetArn)).toEqual(['45.155.205.233/32']);
    expect(logs('unblock').map((u) => [u.address, u.reason])).toEqual([
      ['66.249.66.1/32', 'allowlist'],
      ['0.0.0.0/0', 'zero-prefix'],
    ]);
  });

  test('sample, archived and low-severity findings are skipped', async () => {
    await h.blocker(portProbeEvent({ id: 's', addresses: ['45.155.205.233'], lastSeen: minutesAgo(1), sample: true }));
    await h.blocker(portProbeEvent({ id: 'a', addresses: ['45.155.205.233'], lastSeen: minutesAgo(1), archived: true }));
    await h.blocker(portProbeEvent({ id: 'l', addresses: ['45.155.205.233'], lastSeen: minutesAgo(1), severity: 5 }));
    expect(logs('skip').map((s) => [s.findingId, s.reason])).toEqual([
      ['s', 'sample-finding'],
      ['a', 'archived-finding'],
      ['l', 'below-min-severity'],
    ]);
    expect(counter.count('UpdateIPSet')).toBe(0);
    expect((await readTable(moto().endpoint, p.tableName)).size).toBe(0);
  });

  test('a malformed event is logged and dropped, not thrown (no retry loop)', async () => {
    for (const bad of [null, 'text', { source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding', id: 'e1', detail: { id: 'x' } }]) {
      await expect(h.blocker(bad)).resolves.toBeUndefined();
    }
    expect(logs('invalid-event')).toHaveLength(3);
    expect(logs('invalid-event')[2]).toMatchObject({ level: 'WARN', reason: 'malformed-event', eventId: 'e1', detail: 'finding x has no type' });
    expect(counter.count('UpdateIPSet')).toBe(0);
  });

  test('a WAF failure that retrying cannot fix is thrown (the event goes to the dead-letter queue)', async () => {
    const missing = p.ipv4SetArn.replace(/[0-9a-f]{8}-[0-9a-f-]+$/, '00000000-0000-4000-8000-000000000000');
    const broken = loadHandlers(handlerEnv({ ...p, ipv4SetArn: missing }, { moto: moto().endpoint }));
    await expect(broken.blocker(inboundEvent({ id: 'ssh-4', address: '45.155.205.233', lastSeen: minutesAgo(1) }))).rejects.toMatchObject({
      name: 'IpSetUpdateError',
    });
    expect(logs('error')[0]).toMatchObject({ level: 'ERROR', stage: 'block', error: { name: 'IpSetUpdateError' } });
  });

  test('a missing environment variable fails at module load, naming it', () => {
    const env = handlerEnv(p, { moto: moto().endpoint });
    expect(() => loadHandlers({ ...env, TABLE_NAME: undefined, OWN_CIDRS: undefined })).toThrow(
      /Invalid ip-blocker environment: TABLE_NAME is not set; OWN_CIDRS is not set/,
    );
    loadHandlers(env); // restore the environment for the next test
  });
});
