import { DEFAULT_OFFENCE_POLICY } from '../../../lambda/shared/contracts/ip-blocker';
import { parseOffencePolicy } from '../../../lambda/shared/offence-policy';
import { parseCidr } from '../../../lambda/shared/cidr';
import { decideOffence } from '../../../lambda/ip-blocker/decide';
import { classifyFirewallAlert } from '../../../lambda/ip-blocker/firewall-alert';
import { offencesOf } from '../../../lambda/ip-blocker/intake';
import { decodeSubscriptionEvent, encodeSubscriptionEvent, MalformedDeliveryError } from '../../../lambda/ip-blocker/log-subscription';
import { NeverBlockPolicy } from '../../../lambda/ip-blocker/never-block';
import { Offence, parseOffenceMessage } from '../../../lambda/ip-blocker/offence';
import { tally } from '../../../lambda/ip-blocker/offence-counter';
import { classifyWafRecord } from '../../../lambda/ip-blocker/waf-log';
import { alertLine, wafRecord } from '../../support/offence-pipeline';

const at = new Date('2026-12-06T06:30:05.123Z');

describe('firewall ALERT lines', () => {
  test('a drop by a signature is an offence at the time Suricata wrote (offset without a colon)', () => {
    const c = classifyFirewallAlert(alertLine({ src: '45.155.205.233', sid: 2000002, signature: 'HS-IPS path traversal in URI', at, severity: 1 }), 'ev-1', 0);
    expect(c).toEqual({
      offence: { kind: 'offence', source: 'firewall', id: 'ev-1', address: '45.155.205.233', at: '2026-12-06T06:30:05.123Z', rule: 'sid:2000002 HS-IPS path traversal in URI', severity: 1 },
    });
  });

  test.each([
    ['an alert-only match', alertLine({ src: '45.155.205.233', sid: 2000002, signature: 'x', action: 'allowed' }), 'not-a-drop'],
    ['the default action', alertLine({ src: '45.155.205.233', sid: 2, signature: 'aws:alert_established action' }), 'default-action'],
    ['a netflow event', JSON.stringify({ event: { event_type: 'netflow', src_ip: '45.155.205.233' } }), 'not-an-alert'],
    ['no source address', alertLine({ src: '', sid: 2000002, signature: 'x' }), 'no-address'],
    ['not JSON', '{"event":', 'not-json'],
  ])('%s is not an offence', (_, line, reason) => {
    expect(classifyFirewallAlert(line, 'ev', 0)).toEqual({ ignored: reason });
  });

  test('without a usable event time, the log event time is used', () => {
    const line = JSON.stringify({ event: { event_type: 'alert', src_ip: '45.155.205.233', alert: { action: 'blocked', signature_id: 5, signature: 'ET x' } } });
    const c = classifyFirewallAlert(line, 'ev', at.getTime());
    expect('offence' in c && c.offence.at).toBe(at.toISOString());
  });
});

describe('WAF log records', () => {
  const counted = ['AdminPathsFromAllowlistOnly'];
  test('a managed rule group block names the group and the rule inside it', () => {
    const c = classifyWafRecord(wafRecord({ clientIp: '91.92.109.17', ruleId: 'AWSManagedRulesSQLiRuleSet', type: 'MANAGED_RULE_GROUP', inner: 'SQLi_BODY', at }), 'w-1', 0, counted);
    expect(c).toEqual({ offence: expect.objectContaining({ source: 'waf', address: '91.92.109.17', at: at.toISOString(), rule: 'AWSManagedRulesSQLiRuleSet/SQLi_BODY' }) });
  });
  test('the admin-path rule counts', () => {
    expect('offence' in classifyWafRecord(wafRecord({ clientIp: '91.92.109.17', ruleId: 'AdminPathsFromAllowlistOnly', type: 'REGULAR' }), 'w', 0, counted)).toBe(true);
  });
  test.each([
    ['the rate limit', wafRecord({ clientIp: '91.92.109.17', ruleId: 'RateLimitPerClientIp', type: 'RATE_BASED' }), 'rate-limit'],
    ['a block list', wafRecord({ clientIp: '91.92.109.17', ruleId: 'BlockListIpv4', type: 'REGULAR' }), 'uncounted-rule'],
    ['an allowed request', wafRecord({ clientIp: '91.92.109.17', ruleId: 'Default_Action', type: 'REGULAR', action: 'ALLOW' }), 'not-blocked'],
    ['a record without client address', JSON.stringify({ action: 'BLOCK', terminatingRuleType: 'MANAGED_RULE_GROUP', terminatingRuleId: 'X', httpRequest: {} }), 'no-address'],
  ])('%s is not an offence', (_, line, reason) => {
    expect(classifyWafRecord(line, 'w', 0, counted)).toEqual({ ignored: reason });
  });
});

describe('subscription deliveries', () => {
  test('round trip, and the intake reads the WAF group by its name prefix', () => {
    const event = encodeSubscriptionEvent({ logGroup: 'aws-waf-logs-x', logStream: 's', logEvents: [{ id: '1', timestamp: 5, message: wafRecord({ clientIp: '91.92.109.17', ruleId: 'AWSManagedRulesSQLiRuleSet', type: 'MANAGED_RULE_GROUP' }) }] });
    expect(decodeSubscriptionEvent(event)).toMatchObject({ messageType: 'DATA_MESSAGE', logGroup: 'aws-waf-logs-x', logEvents: [{ id: '1', timestamp: 5 }] });
    expect(offencesOf(event, DEFAULT_OFFENCE_POLICY).offences).toHaveLength(1);
  });
  test('a control message carries no offences; garbage is refused by name', () => {
    const control = encodeSubscriptionEvent({ messageType: 'CONTROL_MESSAGE', logGroup: 'g', logStream: 's', logEvents: [{ id: '1', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda.' }] });
    expect(offencesOf(control, DEFAULT_OFFENCE_POLICY).offences).toEqual([]);
    expect(() => decodeSubscriptionEvent({ awslogs: { data: 'bm90IGd6aXA=' } })).toThrow(MalformedDeliveryError);
    expect(() => decodeSubscriptionEvent({})).toThrow(/awslogs.data/);
  });
  test('queue messages are read back strictly', () => {
    const o: Offence = { kind: 'offence', source: 'waf', id: 'w', address: '1.2.3.4', at: at.toISOString(), rule: 'r', severity: 0 };
    expect(parseOffenceMessage(JSON.parse(JSON.stringify(o)))).toEqual(o);
    expect(parseOffenceMessage({ ...o, source: 'other' })).toBeUndefined();
    expect(parseOffenceMessage({ ...o, at: 'yesterday' })).toBeUndefined();
  });
});

describe('the policy', () => {
  test('the default round-trips; every problem is named with its field and value', () => {
    expect(parseOffencePolicy(JSON.stringify(DEFAULT_OFFENCE_POLICY))).toEqual({ policy: DEFAULT_OFFENCE_POLICY });
    const bad = parseOffencePolicy(JSON.stringify({ firewall: { enabled: 'yes', threshold: 0, windowSeconds: 60 }, waf: { enabled: true, threshold: 5, windowSeconds: 10, countedRules: 'x' } }));
    expect(bad).toEqual({
      problems: [
        'firewall.enabled: got "yes"; expected true or false',
        'firewall.threshold: got 0; expected an integer from 1 to 100',
        'waf.windowSeconds: got 10; expected an integer from 60 to 86400',
        'waf.countedRules: got "x"; expected a list of web ACL rule names',
      ],
    });
    expect(parseOffencePolicy('{')).toEqual({ problems: [expect.stringMatching(/^not JSON/)] });
  });

  test('the window ends at the newest offence and includes neither older offences nor later ones', () => {
    expect(tally([100, 200, 700, 701], 701, 600)).toEqual({ inWindow: 3, latest: 701 });
    expect(tally([100, 200, 700, 701], 200, 600)).toEqual({ inWindow: 2, latest: 200 });
    expect(tally([101], 701, 600)).toEqual({ inWindow: 0, latest: 701 });
  });

  describe('one offence', () => {
    const policy = new NeverBlockPolicy({ allowlist: [parseCidr('66.249.64.0/19')!], ownCidrs: [parseCidr('10.20.0.0/16')!] });
    const now = new Date('2026-12-06T07:00:00Z');
    const offence = (address: string, minutesAgo = 1): Offence => ({ kind: 'offence', source: 'firewall', id: 'e', address, at: new Date(now.getTime() - minutesAgo * 60_000).toISOString(), rule: 'sid:1', severity: 1 });
    const decideWith = (o: Offence, source = { enabled: true, threshold: 1, windowSeconds: 3600 }) => decideOffence(o, { policy, source, ttlSeconds: 3600, now });

    test('threshold 1: blocked at once for the TTL from the offence', () => {
      expect(decideWith(offence('45.155.205.233'))).toEqual({ intent: expect.objectContaining({ address: '45.155.205.233/32', action: 'firewallDrop', expiresAt: now.getTime() / 1000 - 60 + 3600 }) });
    });
    test('a higher threshold leaves it to the tally', () => {
      expect(decideWith(offence('45.155.205.233'), { enabled: true, threshold: 3, windowSeconds: 600 })).toEqual({ pending: expect.objectContaining({ entry: '45.155.205.233/32', version: 4 }) });
    });
    test.each([
      ['66.249.66.1', 1, { enabled: true, threshold: 1, windowSeconds: 60 }, 'allowlist'],
      ['10.20.3.3', 1, { enabled: true, threshold: 1, windowSeconds: 60 }, 'own-network'],
      ['45.155.205.233', 61, { enabled: true, threshold: 1, windowSeconds: 60 }, 'offence-expired'],
      ['45.155.205.233', 1, { enabled: false, threshold: 1, windowSeconds: 60 }, 'source-disabled'],
    ])('%s (%i minutes ago) is skipped', (address, minutes, source, reason) => {
      expect(decideWith(offence(address, minutes), source)).toEqual({ skip: expect.objectContaining({ reason }) });
    });
  });
});
