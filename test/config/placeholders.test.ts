import { DEFAULT_CONFIG, PLACEHOLDER_CERTIFICATE_ARN } from '../../lib/config/defaults';
import { formatPlaceholders, placeholdersInUse } from '../../lib/config/placeholders';
import { loadFile } from './support';

const REAL = {
  account: '111111111111',
  edge: {
    certificate: { certificateArn: 'arn:aws:acm:ap-northeast-1:111111111111:certificate/11111111-2222-3333-4444-555555555555' },
    adminAllowlist: ['198.18.0.0/28'],
  },
};

describe('placeholders that would deploy are flagged as UNSET, not used silently', () => {
  test('the embedded default validates and lists its placeholders: account, certificate, domain, admin allowlist', () => {
    const placeholders = placeholdersInUse(loadFile({}));
    expect(placeholders.map((p) => p.field)).toEqual(['account', 'edge.certificate.certificateArn', 'edge.certificate.domainName', 'edge.adminAllowlist[0]']);
    expect(placeholders[1].value).toBe(PLACEHOLDER_CERTIFICATE_ARN);
    expect(formatPlaceholders(placeholders)[0]).toBe('UNSET account = "123456789012" → the 12-digit id of the account to deploy to');
  });

  test('a configuration with real values has none', () => {
    expect(placeholdersInUse(loadFile(REAL))).toEqual([]);
  });

  test('replacing only the account leaves the certificate flagged (it is not checked against the new account: the preflight refuses it)', () => {
    expect(placeholdersInUse(loadFile({ account: '111111111111' })).map((p) => p.field)).toEqual([
      'edge.certificate.certificateArn',
      'edge.certificate.domainName',
      'edge.adminAllowlist[0]',
    ]);
  });

  test('example domains, EXAMPLE zone ids and documentation ranges in any allowlist are placeholders', () => {
    const config = loadFile({
      ...REAL,
      edge: {
        ...REAL.edge,
        authPattern: 3,
        certificate: { domainName: 'app.example.com', hostedZoneId: 'Z0000000000000EXAMPLE', hostedZoneName: 'example.com' },
        clientCertificates: { caBundleBucket: 'my-ca' },
        siteAllowlist: ['198.18.1.0/24', '2001:db8:100::/48'],
      },
      threat: { neverBlock: ['192.0.2.10/32'] },
    });
    expect(placeholdersInUse(config).map((p) => p.field)).toEqual([
      'edge.certificate.domainName',
      'edge.certificate.hostedZoneName',
      'edge.certificate.hostedZoneId',
      'edge.siteAllowlist[1]',
      'threat.neverBlock[0]',
    ]);
  });

  test('DEFAULT_CONFIG, the resolved default the tests build with, is what loadConfig gives with no sources', () => {
    expect(loadFile({})).toEqual(DEFAULT_CONFIG);
  });
});
