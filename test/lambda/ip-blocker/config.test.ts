import { ConfigError, loadConfig, loadIntakeConfig } from '../../../lambda/ip-blocker/config';

const valid = {
  TABLE_NAME: 'blocks',
  IPV4_SET_ARN: 'arn:aws:wafv2:ap-northeast-1:123456789012:regional/ipset/blocked-v4/a1b2c3d4-0000-4000-8000-000000000001',
  IPV6_SET_ARN: 'arn:aws:wafv2:ap-northeast-1:123456789012:regional/ipset/blocked-v6/a1b2c3d4-0000-4000-8000-000000000002',
  BLOCK_TTL_SECONDS: '86400',
  MIN_SEVERITY: '7',
  NEVER_BLOCK: '203.0.113.0/24, 2001:db8:1::/48',
  OWN_CIDRS: '',
};

describe('environment', () => {
  test('a complete environment', () => {
    const c = loadConfig(valid);
    expect(c.ipv4Set).toEqual({
      arn: valid.IPV4_SET_ARN,
      region: 'ap-northeast-1',
      scope: 'REGIONAL',
      name: 'blocked-v4',
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      version: 4,
    });
    expect(c.ipv6Set.version).toBe(6);
    expect(c.neverBlock.map((x) => x.text)).toEqual(['203.0.113.0/24', '2001:db8:1::/48']);
    expect(c.ownCidrs).toEqual([]);
    expect(c.maxSetSize).toBe(10_000);
    expect(c.wafRetry.maxAttempts).toBe(10);
    expect(c.detectorId).toBeUndefined();
  });

  test('every missing variable is named in one error', () => {
    let error: unknown;
    try {
      loadConfig({});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of ['TABLE_NAME', 'IPV4_SET_ARN', 'IPV6_SET_ARN', 'BLOCK_TTL_SECONDS', 'MIN_SEVERITY', 'NEVER_BLOCK', 'OWN_CIDRS']) {
      expect((error as ConfigError).message).toContain(`${name} is not set`);
    }
  });

  test.each([
    ['IPV4_SET_ARN', 'arn:aws:s3:::bucket', /IPV4_SET_ARN: got "arn:aws:s3:::bucket"/],
    ['BLOCK_TTL_SECONDS', '60', /BLOCK_TTL_SECONDS: got "60"; expected an integer from 3600/],
    ['MIN_SEVERITY', 'high', /MIN_SEVERITY: got "high"/],
    ['NEVER_BLOCK', '203.0.113.0/24,office', /NEVER_BLOCK: "office" is not an IPv4 or IPv6 CIDR/],
    ['OWN_CIDRS', '0.0.0.0/0', /OWN_CIDRS: "0.0.0.0\/0" covers every address/],
    ['MAX_SET_SIZE', '20000', /MAX_SET_SIZE: got "20000"; expected an integer from 1 to 10000/],
    ['WAF_MAX_ATTEMPTS', '0', /WAF_MAX_ATTEMPTS/],
    ['TABLE_NAME', ' ', /TABLE_NAME is empty/],
  ])('%s=%j is refused', (name, value, message) => {
    expect(() => loadConfig({ ...valid, [name]: value })).toThrow(message);
  });

  test('the same set for both versions is refused', () => {
    expect(() => loadConfig({ ...valid, IPV6_SET_ARN: valid.IPV4_SET_ARN })).toThrow(/name the same IP set/);
  });
});

describe('the intake reads its environment the same way', () => {
  test('the queue is required; a bad offence policy is reported with it, both at once', () => {
    expect(() => loadIntakeConfig({ OFFENCE_POLICY: '{"nope":1}' })).toThrow(ConfigError);
    expect(() => loadIntakeConfig({ OFFENCE_POLICY: '{"nope":1}' })).toThrow(/^Invalid ip-blocker environment: OFFENCE_QUEUE_URL is not set; OFFENCE_POLICY: /);
  });

  test('with the queue only, the default policy and namespace apply', () => {
    const config = loadIntakeConfig({ OFFENCE_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/offences' });
    expect(config.queueUrl).toBe('https://sqs.ap-northeast-1.amazonaws.com/123456789012/offences');
    expect(config.offencePolicy.firewall).toBeDefined();
    expect(config.metricsNamespace).not.toBe('');
  });
});
