/**
 * A pattern lacking what it needs, or a construct given unsafe props, fails at construction with a
 * message naming the field: nothing half-configured reaches a template.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { deepMerge } from '../../lib/config/load';
import { EdgeConfig, HardenedConfig } from '../../lib/config/types';
import { authPatternFeatures, authPatternProblems } from '../../lib/edge/auth-patterns';
import { ClientCertificates } from '../../lib/edge/client-certificates';
import { PublicLoadBalancer } from '../../lib/edge/public-load-balancer';
import { serverCertificate } from '../../lib/edge/server-certificate';
import { SignIn } from '../../lib/edge/sign-in';
import { WafLogging } from '../../lib/edge/waf/logging';
import { EdgeWebAcl } from '../../lib/edge/waf/web-acl';
import { EdgeStack } from '../../lib/stacks/edge-stack';
import { ENV, newApp, standInNetwork } from './support';

/** The default configuration with edge overrides, not validated (the point is to get past the loader). */
function rawConfig(edge: Record<string, unknown>): HardenedConfig {
  return deepMerge(DEFAULT_CONFIG, { edge }) as HardenedConfig;
}

function buildStack(config: HardenedConfig): EdgeStack {
  const app = newApp();
  const { stack: _network, ...resources } = standInNetwork(app);
  return new EdgeStack(app, 'Edge', { env: ENV, config, ...resources });
}

describe('authentication patterns', () => {
  test('each pattern includes the ones below it', () => {
    expect([0, 1, 2, 3].map((p) => authPatternFeatures(p as 0 | 1 | 2 | 3))).toEqual([
      { signIn: false, clientCertificate: false, siteAllowlist: false },
      { signIn: true, clientCertificate: false, siteAllowlist: false },
      { signIn: true, clientCertificate: true, siteAllowlist: false },
      { signIn: true, clientCertificate: true, siteAllowlist: true },
    ]);
  });

  test('pattern 0 needs nothing beyond the defaults', () => {
    expect(authPatternProblems(DEFAULT_CONFIG.edge)).toEqual([]);
  });

  test('pattern 3 with the defaults reports every missing field at once', () => {
    const arnOnly = { certificateArn: DEFAULT_CONFIG.edge.certificate.certificateArn };
    const problems = authPatternProblems({ ...DEFAULT_CONFIG.edge, certificate: arnOnly, authPattern: 3 } as EdgeConfig);
    expect(problems).toEqual([
      expect.stringMatching(/^edge\.certificate\.domainName: .*oauth2\/idpresponse/),
      expect.stringMatching(/^edge\.clientCertificates\.caBundleBucket: /),
      expect.stringMatching(/^edge\.siteAllowlist: /),
    ]);
  });

  test('an unknown pattern is named', () => {
    expect(authPatternProblems({ ...DEFAULT_CONFIG.edge, authPattern: 4 as unknown as 0 })).toEqual([expect.stringMatching(/^edge\.authPattern: got 4/)]);
  });
});

describe('EdgeStack refuses a pattern without its parts', () => {
  test('pattern 1 without the site domain name (sign-in callback)', () => {
    const arnOnly = { certificateArn: DEFAULT_CONFIG.edge.certificate.certificateArn };
    expect(() => buildStack({ ...DEFAULT_CONFIG, edge: { ...DEFAULT_CONFIG.edge, authPattern: 1, certificate: arnOnly } })).toThrow(/authentication pattern 1[\s\S]*edge\.certificate\.domainName/);
  });

  test('pattern 2 without the CA bundle bucket', () => {
    const certificate = { domainName: 'app.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' };
    expect(() => buildStack(rawConfig({ authPattern: 2, certificate }))).toThrow(/edge\.clientCertificates\.caBundleBucket/);
  });

  test('pattern 3 without a site allowlist', () => {
    const certificate = { domainName: 'app.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' };
    expect(() => buildStack(rawConfig({ authPattern: 3, certificate, clientCertificates: { caBundleBucket: 'ca', caBundleKey: 'ca.pem' } }))).toThrow(/edge\.siteAllowlist/);
  });
});

describe('constructs refuse unsafe props', () => {
  const scope = () => new Stack(newApp(), 'S', { env: ENV });

  test('server certificate: DNS validation fields named when no ARN is given', () => {
    expect(() => serverCertificate(scope(), 'C', { domainName: 'app.example.com' })).toThrow(/edge\.certificate\.hostedZoneId, edge\.certificate\.hostedZoneName/);
  });

  test('load balancer: a TLS policy without TLS 1.3, a short HSTS max-age', () => {
    const app = newApp();
    const { vpc, albSecurityGroup, accessLogBucket } = standInNetwork(app);
    const stack = new Stack(app, 'S', { env: ENV });
    expect(
      () =>
        new PublicLoadBalancer(stack, 'Lb', {
          vpc,
          subnets: { subnetGroupName: 'Public' },
          securityGroup: albSecurityGroup,
          accessLogBucket,
          certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:ap-northeast-1:123456789012:certificate/00000000-0000-0000-0000-000000000000'),
          sslPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01',
          hstsMaxAge: Duration.days(1),
          appPort: 8080,
          healthCheckPath: '/',
        }),
    ).toThrow(/sslPolicy: got "ELBSecurityPolicy-TLS-1-2-2017-01"[\s\S]*hstsMaxAge: got 86400/);
  });

  test('sign-in: passwords shorter than 10, a session longer than 12 hours', () => {
    expect(() => new SignIn(scope(), 'S', { siteDomainName: 'app.example.com', domainPrefix: 'x-signin', minPasswordLength: 8, sessionTimeout: Duration.hours(13) })).toThrow(
      /minPasswordLength: got 8[\s\S]*sessionTimeout: got 780 minutes/,
    );
  });

  test('client certificates: no bucket', () => {
    expect(() => new ClientCertificates(scope(), 'C', { caBundleBucket: '', caBundleKey: 'ca.pem' })).toThrow(/caBundleBucket: required/);
  });

  test('web ACL: an empty site allowlist would block the whole site', () => {
    const s = scope();
    const loadBalancer = { loadBalancerArn: 'arn:alb' } as never;
    expect(
      () => new EdgeWebAcl(s, 'W', { namePrefix: 'x', loadBalancer, adminPathPrefixes: ['/admin'], adminAllowlist: [], rateLimitPer5Min: 100, maxRequestBodyBytes: 1024, siteAllowlist: [] }),
    ).toThrow(/siteAllowlist is empty/);
  });

  test('WAF logging: the log group name must start with aws-waf-logs-', () => {
    const s = scope();
    const webAcl = new CfnWebACL(s, 'Acl', { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'm' } });
    expect(() => new WafLogging(s, 'L', { webAcl, logGroupName: 'waf-logs', retentionDays: 1096, keyAlias: 'x/waf' })).toThrow(/must start with "aws-waf-logs-"/);
  });
});
