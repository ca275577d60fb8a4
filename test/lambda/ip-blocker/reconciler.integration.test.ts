/**
 * The reconciler handler against moto (real IP sets and table); GuardDuty's ListDetectors /
 * ListFindings / GetFindings, which moto lacks, are stubbed at the client boundary only.
 */
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
import { inboundEvent, loadSdkFindings, portProbeEvent, toSdkFinding } from '../fixtures/events';

jest.setTimeout(60_000);

const TTL = 24 * 3600;
const moto = useMotoServer();
let p: Provisioned;
let out: ReturnType<typeof captureStdout>;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const logs = (event: string) => out.lines().filter((l) => l.event === event);

beforeEach(async () => {
  await moto().reset();
  p = await provision(moto().endpoint);
  out = captureStdout();
});

afterEach(() => {
  out.restore();
  jest.restoreAllMocks();
});

interface GuardDutyStub {
  readonly calls: { name: string; input: any }[];
}

/** Answers the reconciler's GuardDuty calls from `findings` (SDK shape); `fail` makes every call throw. */
function stubGuardDuty(h: LoadedHandlers, findings: Record<string, any>[], fail?: Error): GuardDutyStub {
  const stub: GuardDutyStub = { calls: [] };
  const { ListDetectorsCommand, ListFindingsCommand, GetFindingsCommand } = h.guardduty;
  jest.spyOn(h.GuardDutyClient.prototype, 'send').mockImplementation((async (command: any) => {
    stub.calls.push({ name: command.constructor.name, input: command.input });
    if (fail) throw fail;
    if (command instanceof ListDetectorsCommand) return { DetectorIds: ['5ecb2f1a0c8d4e3f9b7a6c5d4e3f2a1b'] };
    if (command instanceof ListFindingsCommand) return { FindingIds: findings.map((f) => f.Id) };
    if (command instanceof GetFindingsCommand) return { Findings: findings.filter((f) => (command.input.FindingIds ?? []).includes(f.Id)) };
    throw new Error(`unexpected GuardDuty call ${command.constructor.name}`);
  }) as never);
  return stub;
}

/** Blocks through the blocker handler, as events would. */
async function blockViaEvents(h: LoadedHandlers, items: { address: string; lastSeen: Date }[]) {
  for (const [i, item] of items.entries()) await h.blocker(inboundEvent({ id: `ev-${i}-${item.address}`, ...item }));
}

test('expired blocks leave the set and the table; active ones stay', async () => {
  const h = loadHandlers(handlerEnv(p, { moto: moto().endpoint }));
  stubGuardDuty(h, []);
  // Last seen just under a TTL ago: blocked now, expired two seconds later.
  const almostExpired = new Date(Date.now() - TTL * 1000 + 1500);
  await blockViaEvents(h, [
    { address: '45.155.205.233', lastSeen: almostExpired },
    { address: '2a03:b0c0:3:d0::1a:f001', lastSeen: almostExpired },
    { address: '185.220.101.4', lastSeen: minutesAgo(5) },
  ]);
  expect((await readSet(moto().endpoint, p.ipv4SetArn)).sort()).toEqual(['185.220.101.4/32', '45.155.205.233/32']);
  await new Promise((resolve) => setTimeout(resolve, 2500));

  await h.reconciler({ 'detail-type': 'Scheduled Event' });
  expect(await readSet(moto().endpoint, p.ipv4SetArn)).toEqual(['185.220.101.4/32']);
  expect(await readSet(moto().endpoint, p.ipv6SetArn)).toEqual([]);
  expect([...(await readTable(moto().endpoint, p.tableName)).keys()]).toEqual(['185.220.101.4/32']);
  const unblocks = logs('unblock');
  expect(unblocks.map((u) => [u.address, u.reason]).sort()).toEqual([
    ['2a03:b0c0:3:d0::1a:f001/128', 'expired'],
    ['45.155.205.233/32', 'expired'],
  ]);
  expect(unblocks[0]).toMatchObject({ findingId: expect.stringMatching(/^ev-/), findingType: 'UnauthorizedAccess:EC2/SSHBruteForce', severity: 8, recordDeleted: true });
  expect(metricTotal(out.lines(), 'Unblocked')).toBe(2);
});

test('active blocks missing from the sets (a stack update rewrote them) are restored', async () => {
  const h = loadHandlers(handlerEnv(p, { moto: moto().endpoint }));
  stubGuardDuty(h, []);
  await h.blocker(portProbeEvent({ id: 'probe', addresses: ['45.155.205.233', '80.82.77.139', '2a01:4f8:c17:b8f::2'], lastSeen: minutesAgo(3) }));
  await writeSet(moto().endpoint, p.ipv4SetArn, []);
  await writeSet(moto().endpoint, p.ipv6SetArn, []);

  await h.reconciler({});
  expect((await readSet(moto().endpoint, p.ipv4SetArn)).sort()).toEqual(['45.155.205.233/32', '80.82.77.139/32']);
  expect(await readSet(moto().endpoint, p.ipv6SetArn)).toEqual(['2a01:4f8:c17:b8f::2/128']);
  expect(logs('block').filter((b) => b.change === 'restored').map((b) => b.address).sort()).toEqual([
    '2a01:4f8:c17:b8f::2/128',
    '45.155.205.233/32',
    '80.82.77.139/32',
  ]);

  // Nothing left to do: a second run writes nothing.
  out.restore();
  out = captureStdout();
  await h.reconciler({});
  expect(metricTotal(out.lines(), 'WafUpdateCalls')).toBe(0);
});

test('entries without a record and blocks the allowlist now covers are removed', async () => {
  const h = loadHandlers(handlerEnv(p, { moto: moto().endpoint }));
  await blockViaEvents(h, [
    { address: '45.155.205.233', lastSeen: minutesAgo(3) },
    { address: '141.98.11.60', lastSeen: minutesAgo(3) },
  ]);
  await writeSet(moto().endpoint, p.ipv4SetArn, ['45.155.205.233/32', '141.98.11.60/32', '93.184.216.34/32']);

  // The office moved into 141.98.11.0/24: the allowlist grows.
  const env = handlerEnv(p, { moto: moto().endpoint });
  const h2 = loadHandlers({ ...env, NEVER_BLOCK: `${env.NEVER_BLOCK},141.98.11.0/24` });
  stubGuardDuty(h2, []);
  await h2.reconciler({});
  expect(await readSet(moto().endpoint, p.ipv4SetArn)).toEqual(['45.155.205.233/32']);
  expect([...(await readTable(moto().endpoint, p.tableName)).keys()]).toEqual(['45.155.205.233/32']);
  expect(logs('unblock').map((u) => [u.address, u.reason]).sort()).toEqual([
    ['141.98.11.60/32', 'allowlist'],
    ['93.184.216.34/32', 'no-record'],
  ]);
});

test('the sweep blocks recent high-severity findings that never arrived as events, once', async () => {
  const h = loadHandlers(handlerEnv(p, { moto: moto().endpoint }));
  const [rdp, sample] = loadSdkFindings();
  rdp.Service.EventLastSeen = minutesAgo(20).toISOString();
  sample.Service.EventLastSeen = minutesAgo(20).toISOString();
  const probe = toSdkFinding(portProbeEvent({ id: 'missed-probe', addresses: ['80.82.77.139', '2a01:4f8:c17:b8f::2', '10.20.9.9'], lastSeen: minutesAgo(40) }).detail);
  const archived = toSdkFinding(portProbeEvent({ id: 'archived', addresses: ['91.92.109.17'], lastSeen: minutesAgo(40), archived: true }).detail);
  const stub = stubGuardDuty(h, [rdp, sample, probe, archived]);

  const before = Date.now();
  await h.reconciler({});
  expect((await readSet(moto().endpoint, p.ipv4SetArn)).sort()).toEqual(['195.178.110.163/32', '80.82.77.139/32']);
  expect(await readSet(moto().endpoint, p.ipv6SetArn)).toEqual(['2a01:4f8:c17:b8f::2/128']);
  const table = await readTable(moto().endpoint, p.tableName);
  expect(table.get('195.178.110.163/32')).toMatchObject({ findingId: rdp.Id, expiresAt: Math.floor(Date.parse(rdp.Service.EventLastSeen) / 1000) + TTL });

  const list = stub.calls.find((c) => c.name === 'ListFindingsCommand')!;
  expect(list.input.FindingCriteria.Criterion).toEqual({
    severity: { GreaterThanOrEqual: 7 },
    updatedAt: { GreaterThanOrEqual: expect.any(Number) },
    'service.archived': { Equals: ['false'] },
  });
  expect(before - list.input.FindingCriteria.Criterion.updatedAt.GreaterThanOrEqual).toBeGreaterThanOrEqual(TTL * 1000 - 60_000);
  expect(logs('block').map((b) => [b.address, b.via]).sort()).toEqual([
    ['195.178.110.163/32', 'sweep'],
    ['2a01:4f8:c17:b8f::2/128', 'sweep'],
    ['80.82.77.139/32', 'sweep'],
  ]);
  expect(logs('sweep')[0]).toMatchObject({ findings: 4, truncated: false, recorded: 3, skipped: { 'sample-finding': 1, 'archived-finding': 1, 'own-network': 1 } });

  // The same findings on the next run: nothing new recorded, no WAF write.
  out.restore();
  out = captureStdout();
  await h.reconciler({});
  expect(logs('block')).toEqual([]);
  expect(logs('sweep')[0]).toMatchObject({ recorded: 0 });
  expect(metricTotal(out.lines(), 'WafUpdateCalls')).toBe(0);
});

test('a GuardDuty failure still reconciles the sets, then fails the run', async () => {
  const h = loadHandlers(handlerEnv(p, { moto: moto().endpoint }));
  await h.blocker(inboundEvent({ id: 'ev', address: '45.155.205.233', lastSeen: minutesAgo(3) }));
  await writeSet(moto().endpoint, p.ipv4SetArn, []);
  stubGuardDuty(h, [], Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

  await expect(h.reconciler({})).rejects.toThrow('Rate exceeded');
  expect(await readSet(moto().endpoint, p.ipv4SetArn)).toEqual(['45.155.205.233/32']);
  expect(logs('error')[0]).toMatchObject({ stage: 'sweep', error: { name: 'ThrottlingException' } });
});

test('with DETECTOR_ID set, only that detector is swept', async () => {
  const env = handlerEnv(p, { moto: moto().endpoint });
  const h = loadHandlers({ ...env, DETECTOR_ID: 'abcdef0123456789abcdef0123456789' });
  const stub = stubGuardDuty(h, []);
  await h.reconciler({});
  expect(stub.calls.map((c) => c.name)).toEqual(['ListFindingsCommand']);
  expect(stub.calls[0].input.DetectorId).toBe('abcdef0123456789abcdef0123456789');
  loadHandlers({ ...env, DETECTOR_ID: undefined });
});
