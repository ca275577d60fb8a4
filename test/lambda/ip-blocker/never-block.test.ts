import { parseCidr, lastAddress, formatIpv4, formatIpv6 } from '../../../lambda/shared/cidr';
import { NeverBlockPolicy, SPECIAL_RANGES } from '../../../lambda/ip-blocker/never-block';

const cidrs = (...texts: string[]) => texts.map((t) => parseCidr(t)!);
const policy = new NeverBlockPolicy({
  allowlist: cidrs('8.8.4.0/24', '2001:4860:4860::/48'),
  ownCidrs: cidrs('10.20.0.0/16', '52.95.0.0/16'),
});

const text = (version: 4 | 6, value: bigint) => (version === 4 ? formatIpv4(value) : formatIpv6(value));

describe('never-block policy', () => {
  test.each([
    ['0.0.0.0/8', 'this-network'],
    ['10.0.0.0/8', 'private'],
    ['172.16.0.0/12', 'private'],
    ['192.168.0.0/16', 'private'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['100.64.0.0/10', 'shared-address-space'],
    ['192.0.2.0/24', 'documentation'],
    ['198.51.100.0/24', 'documentation'],
    ['203.0.113.0/24', 'documentation'],
    ['224.0.0.0/4', 'multicast'],
    ['240.0.0.0/4', 'reserved'],
    ['198.18.0.0/15', 'benchmarking'],
    ['192.0.0.0/24', 'ietf-protocol'],
    ['::/128', 'unspecified'],
    ['::1/128', 'loopback'],
    ['fc00::/7', 'unique-local'],
    ['fe80::/10', 'link-local'],
    ['ff00::/8', 'multicast'],
    ['2001:db8::/32', 'documentation'],
    ['64:ff9b::/96', 'nat64'],
    ['2002::/16', '6to4'],
    ['3fff::/20', 'documentation'],
    ['100::/64', 'discard-only'],
    ['2001::/23', 'ietf-protocol'],
  ])('%s is never blocked (%s): first, middle and last address', (range, reason) => {
    const cidr = parseCidr(range)!;
    const last = lastAddress(cidr);
    // 255.255.255.255 ends 240.0.0.0/4 but has its own reason (tested below).
    const values = [cidr.network, cidr.network + (last - cidr.network) / 2n, range === '240.0.0.0/4' ? last - 1n : last];
    for (const value of values) {
      const address = text(cidr.version, value);
      expect([address, policy.judgeAddress(address)]).toEqual([address, expect.objectContaining({ blockable: false, reason })]);
    }
  });

  test('the table of special ranges is the one tested above, plus fec0::/10, 192.88.99.0/24 and broadcast', () => {
    expect(SPECIAL_RANGES.map((r) => r.cidr).sort()).toEqual(
      [
        '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
        '192.0.2.0/24', '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24',
        '224.0.0.0/4', '255.255.255.255/32', '240.0.0.0/4', '::/128', '::1/128', '64:ff9b::/96', '64:ff9b:1::/48',
        '100::/64', '2001:db8::/32', '2001::/23', '2002::/16', '3fff::/20', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8',
      ].sort(),
    );
  });

  test('broadcast address', () => {
    expect(policy.judgeAddress('255.255.255.255')).toMatchObject({ blockable: false, reason: 'broadcast' });
  });

  test('the unspecified IPv4 address', () => {
    expect(policy.judgeAddress('0.0.0.0')).toMatchObject({ blockable: false, reason: 'this-network' });
  });

  test('IPv6 outside global unicast 2000::/3 is reserved', () => {
    for (const a of ['4000::1', '::2', '1::1', 'e000::1', '::0.0.1.1']) {
      expect([a, policy.judgeAddress(a)]).toEqual([a, expect.objectContaining({ blockable: false, reason: 'reserved' })]);
    }
  });

  test('allowlist and own networks, both versions', () => {
    expect(policy.judgeAddress('8.8.4.4')).toMatchObject({ blockable: false, reason: 'allowlist' });
    expect(policy.judgeAddress('2001:4860:4860::8888')).toMatchObject({ blockable: false, reason: 'allowlist' });
    expect(policy.judgeAddress('52.95.1.2')).toMatchObject({ blockable: false, reason: 'own-network' });
    expect(policy.judgeAddress('10.20.3.4')).toMatchObject({ blockable: false, reason: 'own-network' });
    // Just outside the allowlist is blockable.
    expect(policy.judgeAddress('8.8.5.0')).toEqual({ blockable: true, version: 4, entry: '8.8.5.0/32' });
  });

  test('IPv4-mapped IPv6 is judged, and blocked, as its IPv4 address', () => {
    expect(policy.judgeAddress('::ffff:10.1.2.3')).toMatchObject({ blockable: false, reason: 'private' });
    expect(policy.judgeAddress('::ffff:8.8.4.4')).toMatchObject({ blockable: false, reason: 'allowlist' });
    expect(policy.judgeAddress('::ffff:127.0.0.1')).toMatchObject({ blockable: false, reason: 'loopback' });
    expect(policy.judgeAddress('::ffff:c0a8:0101')).toMatchObject({ blockable: false, reason: 'private' });
    expect(policy.judgeAddress('::ffff:45.155.205.233')).toEqual({ blockable: true, version: 4, entry: '45.155.205.233/32' });
  });

  test('IPv4-mapped IPv6 in every spelling is its IPv4 address; the deprecated IPv4-compatible form is not', () => {
    for (const mapped of ['::ffff:45.155.205.233', '::FFFF:2D9B:CDE9', '0:0:0:0:0:ffff:45.155.205.233', '::ffff:45.155.205.233/128']) {
      expect([mapped, policy.judgeAddress(mapped)]).toEqual([mapped, { blockable: true, version: 4, entry: '45.155.205.233/32' }]);
    }
    expect(policy.judgeAddress('::ffff:192.168.1.1')).toMatchObject({ blockable: false, reason: 'private' });
    // RFC 4291 section 2.5.5.1: ::a.b.c.d is ::/96, not ::ffff:0:0/96, and lies outside 2000::/3.
    expect(policy.judgeAddress('::45.155.205.233')).toMatchObject({ blockable: false, reason: 'reserved' });
  });

  test('IPv6 hosts in global unicast are blocked as their canonical /128 whatever the spelling', () => {
    for (const spelled of ['2a01:4f8:c17:b8f::2', '2a01:04f8:0c17:0b8f:0:0:0:2', '2A01:4F8:C17:B8F:0::2', '2a01:4f8:c17:b8f:0:0:0.0.0.2']) {
      expect([spelled, policy.judgeAddress(spelled)]).toEqual([spelled, { blockable: true, version: 6, entry: '2a01:4f8:c17:b8f::2/128' }]);
    }
    // RFC 5952: a single zero group is not compressed, the first of equal zero runs is.
    expect(policy.judgeAddress('2001:4860:0:1:0:0:0:8888')).toEqual({ blockable: true, version: 6, entry: '2001:4860:0:1::8888/128' });
    expect(policy.judgeAddress('2a00:1:0:0:1:0:0:1')).toEqual({ blockable: true, version: 6, entry: '2a00:1::1:0:0:1/128' });
  });

  test('public addresses become canonical host entries', () => {
    expect(policy.judgeAddress('45.155.205.233')).toEqual({ blockable: true, version: 4, entry: '45.155.205.233/32' });
    expect(policy.judgeAddress(' 45.155.205.233 ')).toEqual({ blockable: true, version: 4, entry: '45.155.205.233/32' });
    expect(policy.judgeAddress('2A01:04F8:0C17:0B8F:0000:0000:0000:0002')).toEqual({ blockable: true, version: 6, entry: '2a01:4f8:c17:b8f::2/128' });
    expect(policy.judgeAddress('45.155.205.233/32')).toEqual({ blockable: true, version: 4, entry: '45.155.205.233/32' });
  });

  test.each([
    '', 'not-an-ip', '256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', '2001:::1', 'gggg::1', '1.2.3.4/33', '{"ip":"1.2.3.4"}',
    // Shorthand and hex/octal IPv4 forms that lenient parsers (inet_aton, ipaddr.js's own) accept.
    '127.1', '0x7f.0.0.1', '0177.0.0.1', '4294967295',
    // An interface-scoped IPv6 address, and mapped addresses whose IPv4 tail is not strict.
    'fe80::1%eth0', '2a01:4f8::2%1', '::ffff:01.2.3.4', '::ffff:0x7f.0.0.1', '::ffff:1.2.3',
    '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::1', '1.2.3.4/024', '45.155.205.233/-1',
  ])(
    'malformed %j is never blocked',
    (bad) => {
      expect(policy.judgeAddress(bad)).toMatchObject({ blockable: false, reason: 'malformed' });
    },
  );

  test('/0 and ranges are never blocked from a finding', () => {
    expect(policy.judgeAddress('0.0.0.0/0')).toMatchObject({ blockable: false, reason: 'zero-prefix' });
    expect(policy.judgeAddress('::/0')).toMatchObject({ blockable: false, reason: 'zero-prefix' });
    expect(policy.judgeAddress('45.155.205.0/24')).toMatchObject({ blockable: false, reason: 'not-a-host' });
  });

  test('set entries: a range overlapping a protected block is refused, a clear one kept', () => {
    expect(policy.judgeEntry('8.0.0.0/7')).toMatchObject({ blockable: false, reason: 'allowlist' });
    expect(policy.judgeEntry('0.0.0.0/0')).toMatchObject({ blockable: false, reason: 'zero-prefix' });
    expect(policy.judgeEntry('::/0')).toMatchObject({ blockable: false, reason: 'zero-prefix' });
    expect(policy.judgeEntry('2000::/2')).toMatchObject({ blockable: false, reason: 'allowlist' });
    expect(policy.judgeEntry('4000::/3')).toMatchObject({ blockable: false, reason: 'reserved' });
    expect(policy.judgeEntry('::ffff:45.155.205.233/128')).toMatchObject({ blockable: false, reason: 'reserved' });
    expect(policy.judgeEntry('45.155.204.0/23')).toEqual({ blockable: true, version: 4, entry: '45.155.204.0/23' });
    expect(policy.judgeEntry('2A01:4F8::2/128')).toEqual({ blockable: true, version: 6, entry: '2a01:4f8::2/128' });
  });
});
