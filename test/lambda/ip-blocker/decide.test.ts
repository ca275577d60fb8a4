import { parseCidr } from '../../../lambda/shared/cidr';
import { decide, mergeIntents, BlockIntent } from '../../../lambda/ip-blocker/decide';
import { parseEvent } from '../../../lambda/ip-blocker/finding';
import { NeverBlockPolicy } from '../../../lambda/ip-blocker/never-block';
import { loadEvent, portProbeEvent } from '../fixtures/events';

const policy = new NeverBlockPolicy({ allowlist: [parseCidr('80.82.77.0/24')!], ownCidrs: [parseCidr('10.20.0.0/16')!] });
const TTL = 24 * 3600;
const at = (iso: string) => new Date(iso);
const options = (now: Date, minSeverity = 1) => ({ policy, minSeverity, ttlSeconds: TTL, now });
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('decide', () => {
  test('port probe: one intent per distinct blockable prober, skips say why', () => {
    const finding = parseEvent(loadEvent('port-probe'));
    const { intents, skips } = decide(finding, options(at('2025-06-02T11:00:00Z')));
    expect(intents.map((i) => [i.address, i.version])).toEqual([
      ['185.220.101.4/32', 4],
      ['2a03:b0c0:3:d0::1a:f001/128', 6],
    ]);
    expect(skips).toEqual([expect.objectContaining({ reason: 'allowlist', address: '80.82.77.139', findingId: finding.id })]);
  });

  test('expiry is the last offence plus the TTL', () => {
    const finding = parseEvent(loadEvent('network-connection-inbound'));
    const { intents } = decide(finding, options(at('2025-06-02T09:00:00Z')));
    expect(intents).toEqual([
      {
        address: '45.155.205.233/32',
        version: 4,
        findingId: 'f2c6b2a1d4e84c0c9a3b7d5e1f0a9b21',
        findingType: 'UnauthorizedAccess:EC2/SSHBruteForce',
        severity: 5,
        action: 'networkConnection',
        expiresAt: epoch('2025-06-02T08:09:51Z') + TTL,
      },
    ]);
  });

  test('without eventLastSeen the update time is the offence; a future time is clamped to now', () => {
    const event = loadEvent('rds-login');
    delete event.detail.service.eventLastSeen;
    expect(decide(parseEvent(event), options(at('2025-06-02T13:00:00Z'))).intents[0].expiresAt).toBe(epoch('2025-06-02T12:38:15Z') + TTL);
    event.detail.updatedAt = '2030-01-01T00:00:00Z';
    expect(decide(parseEvent(event), options(at('2025-06-02T13:00:00Z'))).intents[0].expiresAt).toBe(epoch('2025-06-02T13:00:00Z') + TTL);
  });

  test('the same finding sent again decides the same (idempotent), whenever it arrives', () => {
    const finding = parseEvent(loadEvent('aws-api-call'));
    const first = decide(finding, options(at('2025-06-02T11:15:00Z')));
    const again = decide(parseEvent(loadEvent('aws-api-call')), options(at('2025-06-02T15:40:00Z')));
    expect(again).toEqual(first);
  });

  test('an offence older than the TTL blocks nothing', () => {
    const finding = parseEvent(loadEvent('aws-api-call'));
    const { intents, skips } = decide(finding, options(at('2025-06-03T11:04:19Z')));
    expect(intents).toEqual([]);
    expect(skips).toEqual([expect.objectContaining({ reason: 'offence-expired' })]);
  });

  test.each([
    ['sample-finding', loadEvent('sample-finding')],
    ['no-address', loadEvent('dns-request')],
  ])('%s: nothing blocked', (reason, event) => {
    const { intents, skips } = decide(parseEvent(event), options(at('2025-06-02T15:00:00Z')));
    expect(intents).toEqual([]);
    expect(skips).toEqual([expect.objectContaining({ reason })]);
  });

  test('archived findings and findings below the minimum severity are skipped', () => {
    const archived = loadEvent('kubernetes-api');
    archived.detail.service.archived = true;
    expect(decide(parseEvent(archived), options(at('2025-06-02T13:05:00Z'))).skips[0].reason).toBe('archived-finding');
    const low = parseEvent(loadEvent('kubernetes-api'));
    expect(decide(low, options(at('2025-06-02T13:05:00Z'), 7))).toEqual({
      intents: [],
      skips: [expect.objectContaining({ reason: 'below-min-severity', severity: 5 })],
    });
    expect(decide(low, options(at('2025-06-02T13:05:00Z'), 5)).intents).toHaveLength(1);
  });

  test('outbound connections are skipped with their address', () => {
    const { intents, skips } = decide(parseEvent(loadEvent('network-connection-outbound')), options(at('2025-06-02T09:05:00Z')));
    expect(intents).toEqual([]);
    expect(skips.map((s) => [s.reason, s.address])).toEqual([
      ['not-inbound', '91.92.109.17'],
      ['no-address', undefined],
    ]);
  });

  test('a finding whose only addresses are protected blocks nothing', () => {
    const now = at('2025-06-02T12:00:00Z');
    const event = portProbeEvent({ id: 'p1', addresses: ['10.20.1.1', '192.168.1.1', '::1', '0.0.0.0/0', 'garbage'], lastSeen: now });
    const { intents, skips } = decide(parseEvent(event), options(now));
    expect(intents).toEqual([]);
    expect(skips.map((s) => s.reason)).toEqual(['own-network', 'private', 'loopback', 'zero-prefix', 'malformed']);
  });

  test('mergeIntents keeps the longest block per address', () => {
    const base = { version: 4 as const, findingType: 't', severity: 8, action: 'portProbe' as const };
    const intents: BlockIntent[] = [
      { ...base, address: 'a', findingId: '1', expiresAt: 100 },
      { ...base, address: 'a', findingId: '2', expiresAt: 300 },
      { ...base, address: 'a', findingId: '3', expiresAt: 200 },
      { ...base, address: 'b', findingId: '4', expiresAt: 50 },
    ];
    expect(mergeIntents(intents).map((i) => [i.address, i.findingId])).toEqual([
      ['a', '2'],
      ['b', '4'],
    ]);
  });
});
