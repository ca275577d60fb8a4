import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { ConfigError, deepMerge, loadConfig } from '../../lib/config/load';
import { ConfigProblem, validateConfig } from '../../lib/config/validate';

/** Validates the default with `override` merged over it. */
function problemsWith(override: unknown): ConfigProblem[] {
  return validateConfig(deepMerge(DEFAULT_CONFIG, override));
}

function fields(problems: ConfigProblem[]): string[] {
  return problems.map((p) => p.field);
}

describe('configuration validation', () => {
  test('the embedded default is valid', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toEqual([]);
  });

  test.each([
    ['DR region equal to the primary region', { drRegion: 'ap-northeast-1' }, 'drRegion', 'ap-northeast-1', /other than primaryRegion/],
    ['log retention under 1096 days', { logs: { retentionDays: 731 } }, 'logs.retentionDays', 731, /at least 1096/],
    ['a malformed VPC CIDR', { network: { vpcCidr: '10.20.0.0/33' } }, 'network.vpcCidr', '10.20.0.0/33', /IPv4 CIDR block/],
    ['a VPC CIDR with host bits', { network: { vpcCidr: '10.20.1.0/16' } }, 'network.vpcCidr', '10.20.1.0/16', /no host bits/],
    ['overlapping primary and DR CIDRs', { network: { drVpcCidr: '10.20.128.0/17' } }, 'network.drVpcCidr', '10.20.128.0/17', /does not overlap network.vpcCidr/],
    ['an allowlist containing 0.0.0.0/0', { edge: { adminAllowlist: ['0.0.0.0/0'] } }, 'edge.adminAllowlist[0]', '0.0.0.0/0', /whole internet/],
    ['an allowlist containing ::/0', { threat: { neverBlock: ['::/0'] } }, 'threat.neverBlock[0]', '::/0', /whole internet/],
    ['overlapping allowlist entries', { edge: { adminAllowlist: ['198.51.100.0/24', '198.51.100.128/25'] } }, 'edge.adminAllowlist[1]', '198.51.100.128/25', /does not overlap edge.adminAllowlist\[0\]/],
    ['a malformed allowlist entry', { edge: { adminAllowlist: ['300.1.2.3/32'] } }, 'edge.adminAllowlist[0]', '300.1.2.3/32', /CIDR block/],
    // NET-5: "everyone" written as two halves, and a /12, are not registered places (the rule pack's floor).
    ['an admin allowlist naming half the internet', { edge: { adminAllowlist: ['0.0.0.0/1'] } }, 'edge.adminAllowlist[0]', '0.0.0.0/1', /IPv4 block of \/16 or narrower/],
    ['a site allowlist wider than /16', { edge: { siteAllowlist: ['172.16.0.0/12'] } }, 'edge.siteAllowlist[0]', '172.16.0.0/12', /registered place/],
    ['an IPv6 admin range wider than /48', { edge: { adminAllowlist: ['2001:db8::/32'] } }, 'edge.adminAllowlist[0]', '2001:db8::/32', /IPv6 block of \/48 or narrower/],
    ['an alarm e-mail that is not an address', { monitoring: { alarmEmails: ['ops.example.com'] } }, 'monitoring.alarmEmails[0]', 'ops.example.com', /e-mail/],
    ['an unknown top-level key (typo)', { projetName: 'x' }, 'projetName', 'x', /no such key/],
    ['an unknown nested key (typo)', { app: { desiredCoutn: 3 } }, 'app.desiredCoutn', 3, /no such key.*desiredCount/],
    ['a desired task count under 2', { app: { desiredCount: 1, minCount: 2 } }, 'app.desiredCount', 1, /at least 2 tasks/],
    ['authentication pattern outside 0-3', { edge: { authPattern: 4 } }, 'edge.authPattern', 4, /0, 1, 2, 3/],
    ['pattern 2 without a CA bundle', { edge: { authPattern: 2 } }, 'edge.clientCertificates.caBundleBucket', undefined, /requires client certificates/],
    ['pattern 3 with an empty site allowlist', { edge: { authPattern: 3, clientCertificates: { caBundleBucket: 'my-ca-bucket' } } }, 'edge.siteAllowlist', [], /at least one CIDR/],
    ['a non-TLS-1.3 listener policy', { edge: { sslPolicy: 'ELBSecurityPolicy-2016-08' } }, 'edge.sslPolicy', 'ELBSecurityPolicy-2016-08', /TLS 1.3/],
    ['PostgreSQL on its default port', { data: { port: 5432 } }, 'data.port', 5432, /other than PostgreSQL's default 5432/],
    ['a database port RDS does not accept', { data: { port: 80 } }, 'data.port', 80, /from 1150 to 65535/],
    ['a backup window at JST noon', { data: { backupWindowUtc: '03:00-04:00' } }, 'data.backupWindowUtc', '03:00-04:00', /within the night.*12:00-13:00 Asia\/Tokyo/],
    ['a backup window whose AWS Backup plan would start before the JST night', { data: { backupWindowUtc: '13:00-14:00' } }, 'data.backupWindowUtc', '13:00-14:00', /AWS Backup plan, which starts 2 hours earlier/],
    ['a backup window that is not a window', { data: { backupWindowUtc: '17:00' } }, 'data.backupWindowUtc', '17:00', /hh:mm-hh:mm/],
    ['backup retention under 7 days', { data: { backupRetentionDays: 3 } }, 'data.backupRetentionDays', 3, /7 to 35/],
    ['an upload limit of 0 bytes', { files: { maxUploadBytes: 0 } }, 'files.maxUploadBytes', 0, /from 1 to 5368709120/],
    ['an upload limit above 5 GiB', { files: { maxUploadBytes: 6 * 1024 ** 3 } }, 'files.maxUploadBytes', 6 * 1024 ** 3, /at most 5 GiB/],
    ['no allowed content types', { files: { allowedContentTypes: [] } }, 'files.allowedContentTypes', [], /at least 1 item/],
    ['a content type with a wildcard', { files: { allowedContentTypes: ['application/pdf', 'image/*'] } }, 'files.allowedContentTypes[1]', 'image/*', /without parameters or wildcards/],
    ['a content type with parameters', { files: { allowedContentTypes: ['text/csv; charset=utf-8'] } }, 'files.allowedContentTypes[0]', 'text/csv; charset=utf-8', /type\/subtype/],
    ['a duplicated content type', { files: { allowedContentTypes: ['text/csv', 'text/csv'] } }, 'files.allowedContentTypes[1]', 'text/csv', /not already listed/],
    ['an upload retention of 0 days', { files: { uploadRetentionDays: 0 } }, 'files.uploadRetentionDays', 0, /from 1 to 365/],
    ['a presigned upload valid for a day', { files: { uploadUrlExpirySeconds: 86400 } }, 'files.uploadUrlExpirySeconds', 86400, /from 60 to 3600/],
    ['a bad Suricata rule from config', { network: { customIpsRules: ['drop tcp any any -> any any (msg:"x"; sid:1000001;)'] } }, 'network.customIpsRules[0]', 'drop tcp any any -> any any (msg:"x"; sid:1000001;)', /missing rev/],
  ])('rejects %s, naming the field, the value and what is allowed', (_name, override, field, value, allowed) => {
    const problems = problemsWith(override);
    const problem = problems.find((p) => p.field === field);
    expect(problem).toBeDefined();
    expect(problem!.value).toEqual(value);
    expect(problem!.allowed).toMatch(allowed);
  });

  test('reports every problem together, not only the first', () => {
    const problems = problemsWith({
      drRegion: 'ap-northeast-1',
      logs: { retentionDays: 30 },
      network: { vpcCidr: 'nonsense' },
      monitoring: { alarmEmails: ['nobody'] },
      app: { desiredCount: 1 },
      typo: true,
    });
    expect(fields(problems)).toEqual(
      expect.arrayContaining(['typo', 'drRegion', 'network.vpcCidr', 'logs.retentionDays', 'monitoring.alarmEmails[0]', 'app.desiredCount']),
    );
  });

  test('a valid override passes', () => {
    expect(problemsWith({ edge: { authPattern: 3, siteAllowlist: ['198.51.100.0/24', '2001:db8::/48'], clientCertificates: { caBundleBucket: 'my-ca-bucket' } } })).toEqual([]);
  });
});

describe('loading configuration the CDK way', () => {
  const context = (values: Record<string, unknown>) => ({ context: (key: string) => values[key] });

  test('no context gives the embedded default', () => {
    expect(loadConfig(context({}))).toEqual(DEFAULT_CONFIG);
  });

  test('-c authPattern=N selects the pattern (string from the command line)', () => {
    const config = loadConfig(context({ authPattern: '1' }));
    expect(config.edge.authPattern).toBe(1);
  });

  test('a JSON file named with -c config=… is merged over the default; arrays replace', () => {
    const file = require('path').join(require('os').tmpdir(), `hs-config-${process.pid}.json`);
    require('fs').writeFileSync(file, JSON.stringify({ app: { desiredCount: 4, maxCount: 8 }, monitoring: { alarmEmails: ['ops@example.com'] } }));
    const config = loadConfig(context({ config: file }));
    expect(config.app.desiredCount).toBe(4);
    expect(config.app.cpu).toBe(DEFAULT_CONFIG.app.cpu);
    expect(config.monitoring.alarmEmails).toEqual(['ops@example.com']);
  });

  test('an unreadable file is a ConfigError naming the context key and the path', () => {
    expect(() => loadConfig(context({ config: '/nonexistent/prod.json' }))).toThrow(ConfigError);
    expect(() => loadConfig(context({ config: '/nonexistent/prod.json' }))).toThrow(/context "config": got "\/nonexistent\/prod.json"/);
  });

  test('the error message lists every problem, one per line', () => {
    try {
      loadConfig(context({ hardened: { drRegion: 'ap-northeast-1', app: { desiredCount: 1 } } }));
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const message = (e as ConfigError).message;
      expect(message).toMatch(/^Invalid hardened-stack configuration \(\d+ problems\):/);
      expect(message).toMatch(/\n {2}- drRegion: got "ap-northeast-1"; allowed: /);
      expect(message).toMatch(/\n {2}- app.desiredCount: got 1; allowed: /);
    }
  });
});
