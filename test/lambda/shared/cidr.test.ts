import { formatIpv4, formatIpv6, lastAddress, overlaps, parseAddress, parseCidr } from '../../../lambda/shared/cidr';

describe('parseCidr', () => {
  test('canonical text: host bits cleared, IPv6 lower case and compressed', () => {
    expect(parseCidr('10.20.30.40/16')).toEqual({ version: 4, network: 0x0a140000n, prefixLength: 16, text: '10.20.0.0/16' });
    expect(parseCidr('2001:DB8:0:0:1::1/48')?.text).toBe('2001:db8::/48');
    expect(parseCidr(' 198.51.100.7 ')?.text).toBe('198.51.100.7/32');
    expect(parseCidr('::')?.text).toBe('::/128');
  });

  test('strict mode refuses host bits beyond the prefix', () => {
    expect(parseCidr('10.20.30.40/16', { strict: true })).toBeUndefined();
    expect(parseCidr('10.20.0.0/16', { strict: true })?.text).toBe('10.20.0.0/16');
    expect(parseCidr('2001:db8::1/64', { strict: true })).toBeUndefined();
  });

  test.each(['', '10.0.0.0/', '10.0.0.0/33', '::/129', '10.0.0.0/08', '10.0.0.0/8/8', 'fe80::/10%eth0', '1.2.3.4/+8', 'localhost'])(
    'rejects %j',
    (bad) => {
      expect(parseCidr(bad)).toBeUndefined();
    },
  );

  test('a non-string is not a block', () => {
    expect(parseCidr(42 as unknown as string)).toBeUndefined();
    expect(parseCidr(null as unknown as string)).toBeUndefined();
  });
});

describe('addresses as numbers', () => {
  test('formatting round-trips through parsing at the ends of both spaces', () => {
    for (const value of [0n, 1n, 0xffffffffn, 0x7f000001n]) expect(parseAddress(formatIpv4(value))).toEqual({ version: 4, value });
    const top = (1n << 128n) - 1n;
    for (const value of [0n, 1n, top, 0xffff_0000_0000n, 1n << 112n]) expect(parseAddress(formatIpv6(value))).toEqual({ version: 6, value });
    expect(formatIpv6(top)).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });

  test('last address and overlap stay within one version', () => {
    const v4 = parseCidr('10.0.0.0/8')!;
    expect(formatIpv4(lastAddress(v4))).toBe('10.255.255.255');
    expect(overlaps(v4, parseCidr('10.255.255.255/32')!)).toBe(true);
    expect(overlaps(v4, parseCidr('11.0.0.0/8')!)).toBe(false);
    // ::a00:0/104 has the same integers as 10.0.0.0/8, but is another version's block.
    expect(overlaps(v4, parseCidr('::a00:0/104')!)).toBe(false);
  });
});
