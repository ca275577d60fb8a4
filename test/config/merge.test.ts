import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { ConfigError } from '../../lib/config/load';
import { load, loadFile, problemsOf } from './support';

// Everything here goes through loadConfig, the way bin/hardened-stack.ts does: a file named by
// `-c config=…`, the `hardened` context object (an object in cdk.json, a JSON string from -c),
// and `-c authPattern=N`.
const DNS_CERTIFICATE = { domainName: 'shop.acme-insurance.jp', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'acme-insurance.jp' };

describe('merge rules the README states', () => {
  test('a DNS-validated certificate from a file replaces the default certificate whole: no placeholder ARN is left', () => {
    const config = loadFile({ edge: { certificate: DNS_CERTIFICATE } });
    expect(config.edge.certificate).toEqual(DNS_CERTIFICATE);
    expect(config.edge.certificate.certificateArn).toBeUndefined();
  });

  test('"certificateArn": null next to the DNS fields is accepted too', () => {
    expect(loadFile({ edge: { certificate: { certificateArn: null, ...DNS_CERTIFICATE } } }).edge.certificate).toEqual(DNS_CERTIFICATE);
  });

  test('other objects still merge key by key; lists replace', () => {
    const config = loadFile({ app: { desiredCount: 4 }, edge: { adminAllowlist: ['198.18.0.7/32'] } });
    expect(config.app.desiredCount).toBe(4);
    expect(config.app.cpu).toBe(DEFAULT_CONFIG.app.cpu);
    expect(config.edge.adminAllowlist).toEqual(['198.18.0.7/32']);
    expect(config.edge.adminPathPrefixes).toEqual(DEFAULT_CONFIG.edge.adminPathPrefixes);
  });

  test('null removes the value below it: an optional field is gone, not "null"', () => {
    const { config } = load({
      context: { hardened: { edge: { clientCertificates: { caBundleBucket: 'my-ca', revocationListKey: 'revoked.crl' } } } },
      file: { edge: { clientCertificates: { revocationListKey: null } } },
    });
    expect(config.edge.clientCertificates).toEqual({ caBundleBucket: 'my-ca', caBundleKey: DEFAULT_CONFIG.edge.clientCertificates.caBundleKey });
    const withoutDomain = loadFile({ edge: { certificate: { certificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555' } } });
    expect(withoutDomain.edge.certificate).toEqual({ certificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555' });
  });

  test('null on a field with no default to fall back to is reported as such, naming the field', () => {
    const problem = problemsOf({ file: { app: { desiredCount: null } } }).find((p) => p.field === 'app.desiredCount');
    expect(problem?.value).toBeUndefined();
    expect(problem?.allowed).toMatch(/an integer from 2 to 100.*null removes a default; this field has no default to fall back to/);
  });

  test('the context object (as a JSON string from -c) and the file merge in that order, the authPattern flag last', () => {
    const { config, userFields } = load({
      context: { hardened: JSON.stringify({ app: { desiredCount: 4, maxCount: 8 } }), authPattern: '1' },
      file: { app: { desiredCount: 5 }, edge: { certificate: DNS_CERTIFICATE } },
    });
    expect(config.app.desiredCount).toBe(5);
    expect(config.app.maxCount).toBe(8);
    expect(config.edge.authPattern).toBe(1);
    expect(userFields).toEqual(expect.arrayContaining(['app.desiredCount', 'app.maxCount', 'edge.authPattern', 'edge.certificate', 'edge.certificate.domainName']));
    expect(userFields).not.toContain('app.minCount');
  });

  test('app.recycleTimeZone follows timeZone unless set; null returns it to following', () => {
    const berlin = { timeZone: 'Europe/Berlin', data: { backupWindowUtc: '00:00-01:00' } };
    expect(loadFile(berlin).app.recycleTimeZone).toBe('Europe/Berlin');
    expect(loadFile({ ...berlin, app: { recycleTimeZone: 'UTC' } }).app.recycleTimeZone).toBe('UTC');
    expect(loadFile({ ...berlin, app: { recycleTimeZone: null } }).app.recycleTimeZone).toBe('Europe/Berlin');
    expect(loadFile({}).app.recycleTimeZone).toBe(DEFAULT_CONFIG.timeZone);
  });

  test('a rejected configuration is one ConfigError listing every problem', () => {
    expect(() => load({ file: { app: { recycleTimeZone: 'Mars/Base', recycleSchedule: 'cron(0 25 * * ? *)' } } })).toThrow(ConfigError);
  });
});

test('removing the whole certificate is reported on edge.certificate, with both forms', () => {
  const problems = problemsOf({ file: { edge: { certificate: null } } });
  expect(problems.map((p) => p.field)).toEqual(['edge.certificate']);
  expect(problems[0].allowed).toMatch(/certificateArn.*domainName.*hostedZoneId.*hostedZoneName/);
});
