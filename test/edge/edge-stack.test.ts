/**
 * The EdgeStack for each authentication pattern of seed S3, built once: what every pattern shares
 * (TLS 1.3, HSTS, redirect, ALB hardening, logs, WAF), what makes each pattern what it is, the
 * web ACL's capacity, and the five standard rule packs.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { AuthPattern } from '../../lib/config/types';
import { WEB_ACL_CAPACITY_LIMIT, webAclCapacity } from '../../lib/edge/waf/capacity';
import { ADMIN_ALLOWLIST, BuiltEdge, CA_BUCKET, PATTERNS, SITE_ALLOWLIST, SITE_DOMAIN, buildEdge, patternConfig } from './support';

const built = new Map<AuthPattern, BuiltEdge>();
beforeAll(() => {
  for (const pattern of PATTERNS) built.set(pattern, buildEdge(patternConfig(pattern)));
});
const template = (pattern: AuthPattern): Template => built.get(pattern)!.template;

/** The single resource of a type matching `props`, as [logicalId, resource]. */
function only(t: Template, type: string, props?: Record<string, unknown>): [string, any] {
  const found = Object.entries(t.findResources(type, props === undefined ? undefined : { Properties: props }));
  expect(found).toHaveLength(1);
  return found[0];
}
const httpsListener = (t: Template) => only(t, 'AWS::ElasticLoadBalancingV2::Listener', { Port: 443 })[1].Properties;
const webAcl = (t: Template) => only(t, 'AWS::WAFv2::WebACL')[1].Properties;
const ruleNames = (t: Template) => webAcl(t).Rules.map((r: { Name: string }) => r.Name);

const MANAGED_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesLinuxRuleSet',
  'AWSManagedRulesUnixRuleSet',
];
const BASE_RULES = ['ThreatBlockListIpv4', 'ThreatBlockListIpv6', 'AdminPathsFromAllowlistOnly', 'RateLimitPerClientIp', ...MANAGED_GROUPS, 'BodySizeLimit'];

describe.each(PATTERNS)('every pattern: pattern %i', (pattern) => {
  test('internet-facing ALB in the public subnets, hardened and logging to the access-log bucket (WEB-3, LOG-3)', () => {
    const [, alb] = only(template(pattern), 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(alb.Properties.Scheme).toBe('internet-facing');
    expect(alb.Properties.Subnets).toHaveLength(3);
    for (const subnet of alb.Properties.Subnets) expect(JSON.stringify(subnet)).toMatch(/PublicSubnet/);
    const attributes = Object.fromEntries(alb.Properties.LoadBalancerAttributes.map((a: { Key: string; Value: unknown }) => [a.Key, a.Value]));
    expect(attributes).toMatchObject({
      'deletion_protection.enabled': 'true',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'routing.http.desync_mitigation_mode': 'strictest',
      'waf.fail_open.enabled': 'false',
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.prefix': 'alb/access',
      'connection_logs.s3.enabled': 'true',
      'connection_logs.s3.prefix': 'alb/connection',
    });
    expect(JSON.stringify(attributes['access_logs.s3.bucket'])).toMatch(/AccessLogs/);
  });

  test('HTTPS on 443 with the configured TLS 1.3 policy and HSTS (WEB-3)', () => {
    expect(httpsListener(template(pattern))).toMatchObject({
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      Certificates: [{ CertificateArn: expect.anything() }],
      ListenerAttributes: [{ Key: 'routing.http.response.strict_transport_security.header_value', Value: 'max-age=63072000; includeSubDomains; preload' }],
    });
  });

  test('HTTP on 80 only redirects permanently to HTTPS (WEB-3)', () => {
    template(pattern).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });

  test('the listeners and the sign-in action leave the network tier’s security group alone', () => {
    const { app, network: networkStack } = built.get(pattern)!;
    const network = Template.fromJSON(app.synth().getStackArtifact(networkStack.artifactId).template);
    const [, group] = only(network, 'AWS::EC2::SecurityGroup');
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    expect(group.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    network.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    network.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
  });

  test('an IP target group on the app port with the configured health check', () => {
    template(pattern).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Port: 8080,
      Protocol: 'HTTP',
      HealthCheckPath: '/',
    });
  });

  test('the web ACL protects the ALB, rules in order, metrics on every rule (WEB-1, WEB-2, NET-5)', () => {
    const t = template(pattern);
    const [albId] = only(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    const [aclId, acl] = only(t, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('REGIONAL');
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: albId }, WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] } });
    expect(ruleNames(t).slice(0, BASE_RULES.length)).toEqual(BASE_RULES);
    acl.Properties.Rules.forEach((rule: any, i: number) => {
      expect(rule.Priority).toBe(i);
      expect(rule.VisibilityConfig).toEqual({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: `hardened-${rule.Name}` });
    });
  });

  test('admin paths are blocked unless the source is in the admin allowlist (NET-5)', () => {
    const rule = webAcl(template(pattern)).Rules.find((r: any) => r.Name === 'AdminPathsFromAllowlistOnly');
    expect(rule.Action).toEqual({ Block: {} });
    const [onPath, notAdmin] = rule.Statement.AndStatement.Statements;
    expect(onPath.ByteMatchStatement).toEqual({
      FieldToMatch: { UriPath: {} },
      PositionalConstraint: 'STARTS_WITH',
      SearchString: '/admin',
      TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
    });
    expect(JSON.stringify(notAdmin.NotStatement)).toMatch(/WafAdminAllowlistIpv4/);
  });

  test('rate limit per client IP (WEB-2)', () => {
    const rule = webAcl(template(pattern)).Rules.find((r: any) => r.Name === 'RateLimitPerClientIp');
    expect(rule.Statement.RateBasedStatement).toEqual({ AggregateKeyType: 'IP', EvaluationWindowSec: 300, Limit: 2000 });
  });

  test('the Common rule set’s 8 KB body rule only counts; the body-size rule enforces the configured limit', () => {
    const rules = webAcl(template(pattern)).Rules;
    const crs = rules.find((r: any) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(crs.OverrideAction).toEqual({ None: {} });
    expect(crs.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
    const body = rules.find((r: any) => r.Name === 'BodySizeLimit');
    expect(body.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 413 } } });
    // 65536 > 8 KB (all WAF sees of an ALB body): the declared Content-Length is compared.
    const regex = new RegExp(body.Statement.RegexMatchStatement.RegexString);
    expect(body.Statement.RegexMatchStatement.FieldToMatch).toEqual({ SingleHeader: { Name: 'content-length' } });
    expect(['65537', '70000', '1000000'].every((v) => regex.test(v))).toBe(true);
    expect(['65536', '8192', '0'].some((v) => regex.test(v))).toBe(false);
  });

  test('the threat block lists exist empty, constant in the template (MON-4)', () => {
    for (const version of ['IPV4', 'IPV6']) {
      template(pattern).hasResourceProperties('AWS::WAFv2::IPSet', {
        Name: `hardened-blocklist-${version.toLowerCase()}`,
        IPAddressVersion: version,
        Scope: 'REGIONAL',
        Addresses: [],
      });
    }
  });

  test('WAF logs: aws-waf-logs- group, 1096 days, CMK for logs.<region>, retained, credentials redacted (LOG-3)', () => {
    const t = template(pattern);
    const [groupId, group] = only(t, 'AWS::Logs::LogGroup');
    expect(group.Properties).toMatchObject({ LogGroupName: 'aws-waf-logs-hardened', RetentionInDays: 1096 });
    expect(group.DeletionPolicy).toBe('Retain');
    const [keyId, key] = only(t, 'AWS::KMS::Key');
    // Rotation and retain of the key are the building block's (test/core/managed-key.test.ts).
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'logs.ap-northeast-1.amazonaws.com' },
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:ap-northeast-1:123456789012:log-group:aws-waf-logs-hardened' } },
      }),
    );
    const [aclId] = only(t, 'AWS::WAFv2::WebACL');
    const [, logging] = only(t, 'AWS::WAFv2::LoggingConfiguration');
    expect(logging.Properties).toEqual({
      ResourceArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      LogDestinationConfigs: ['arn:aws:logs:ap-northeast-1:123456789012:log-group:aws-waf-logs-hardened'],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
    expect(logging.DependsOn).toContain(groupId);
  });

  test(`web ACL capacity from the template stays within ${WEB_ACL_CAPACITY_LIMIT} WCU, with every managed group`, () => {
    const capacity = webAclCapacity(webAcl(template(pattern)).Rules);
    // Block lists 1+1, admin rule 2 (STARTS_WITH) + 10 (LOWERCASE) + 1 per admin IP set, rate 2,
    // managed groups 25+50+700+200+200+200+100, body-size regex 3, site allowlist 1 per IP set.
    const expected = pattern === 3 ? 1498 : 1495;
    expect(capacity).toBe(expected);
    expect(capacity).toBeLessThanOrEqual(WEB_ACL_CAPACITY_LIMIT);
    expect(built.get(pattern)!.stack.webAclCapacity).toBe(capacity);
    expect(ruleNames(template(pattern))).toEqual(expect.arrayContaining(MANAGED_GROUPS));
  });

  test('no finding from the five standard rule packs (GOV-2)', () => {
    const packs = [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks(), new ServerlessChecks()];
    const findings = packs.flatMap((pack) =>
      pack.validateScope(built.get(pattern)!.stack).violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
    );
    expect(findings).toEqual([]);
  });

  test('the never-block list for the blocker holds the admin and site allowlists', () => {
    const expected = pattern === 3 ? [ADMIN_ALLOWLIST[0], SITE_ALLOWLIST[0], ADMIN_ALLOWLIST[1], SITE_ALLOWLIST[1]] : ['203.0.113.0/24'];
    expect(built.get(pattern)!.stack.neverBlockCidrs).toEqual(expected);
  });
});

describe('pattern 0: server TLS only', () => {
  test('requests go straight to the targets: no sign-in, no client certificate', () => {
    const t = template(0);
    const listener = httpsListener(t);
    expect(listener.DefaultActions).toEqual([{ Type: 'forward', TargetGroupArn: expect.anything() }]);
    expect(listener.MutualAuthentication).toBeUndefined();
    t.resourceCountIs('AWS::Cognito::UserPool', 0);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::TrustStore', 0);
    expect(built.get(0)!.stack.userPool).toBeUndefined();
    expect(built.get(0)!.stack.trustStore).toBeUndefined();
  });

  test('the certificate is the configured ACM certificate (no lookup, none created)', () => {
    expect(httpsListener(template(0)).Certificates).toEqual([{ CertificateArn: expect.stringMatching(/^arn:aws:acm:ap-northeast-1:123456789012:certificate\//) }]);
    template(0).resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  test('WAF admits the internet by default', () => {
    expect(webAcl(template(0)).DefaultAction).toEqual({ Allow: {} });
    expect(ruleNames(template(0))).toEqual(BASE_RULES);
  });
});

describe.each([1, 2, 3] as const)('pattern %i: sign-in at the ALB (WEB-5)', (pattern) => {
  test('a DNS-validated certificate for the site domain', () => {
    template(pattern).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: SITE_DOMAIN,
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: SITE_DOMAIN, HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
  });

  test('user pool: admin-created users, strong passwords, TOTP MFA required, threat protection, retained', () => {
    const [, pool] = only(template(pattern), 'AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, PasswordHistorySize: 24 },
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.UpdateReplacePolicy).toBe('Retain');
  });

  test('client with a secret, code flow only, callback on the site domain', () => {
    template(pattern).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [`https://${SITE_DOMAIN}/oauth2/idpresponse`],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  test('the listener authenticates with Cognito first, session ending after the idle timeout (auto-logout)', () => {
    const t = template(pattern);
    const [poolId] = only(t, 'AWS::Cognito::UserPool');
    const [targetGroupId] = only(t, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(httpsListener(t).DefaultActions).toEqual([
      {
        Type: 'authenticate-cognito',
        Order: 1,
        AuthenticateCognitoConfig: expect.objectContaining({
          UserPoolArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
          SessionTimeout: '1800',
          OnUnauthenticatedRequest: 'authenticate',
        }),
      },
      { Type: 'forward', Order: 2, TargetGroupArn: { Ref: targetGroupId } },
    ]);
    expect(built.get(pattern)!.stack.userPool).toBeDefined();
  });
});

test('pattern 1 has no client certificate and admits the internet', () => {
  expect(httpsListener(template(1)).MutualAuthentication).toBeUndefined();
  template(1).resourceCountIs('AWS::ElasticLoadBalancingV2::TrustStore', 0);
  expect(webAcl(template(1)).DefaultAction).toEqual({ Allow: {} });
});

describe.each([2, 3] as const)('pattern %i: client certificate (WEB-4)', (pattern) => {
  test('a trust store from the CA bundle in S3, verified on the HTTPS listener', () => {
    const t = template(pattern);
    const [storeId] = only(t, 'AWS::ElasticLoadBalancingV2::TrustStore', { CaCertificatesBundleS3Bucket: CA_BUCKET, CaCertificatesBundleS3Key: 'ca-bundle.pem' });
    expect(httpsListener(t).MutualAuthentication).toEqual({
      Mode: 'verify',
      TrustStoreArn: { 'Fn::GetAtt': [storeId, 'TrustStoreArn'] },
      IgnoreClientCertificateExpiry: false,
      AdvertiseTrustStoreCaNames: 'on',
    });
    expect(built.get(pattern)!.stack.trustStore).toBeDefined();
  });
});

test('pattern 2 admits the internet (no site allowlist) and has no revocation list unless configured', () => {
  expect(webAcl(template(2)).DefaultAction).toEqual({ Allow: {} });
  expect(ruleNames(template(2))).not.toContain('SiteAllowlist');
  template(2).resourceCountIs('AWS::ElasticLoadBalancingV2::TrustStoreRevocation', 0);
});

describe('pattern 3: source-IP restriction of the whole site (WEB-6)', () => {
  test('the revocation list is attached to the trust store', () => {
    const [storeId] = only(template(3), 'AWS::ElasticLoadBalancingV2::TrustStore');
    template(3).hasResourceProperties('AWS::ElasticLoadBalancingV2::TrustStoreRevocation', {
      TrustStoreArn: { 'Fn::GetAtt': [storeId, 'TrustStoreArn'] },
      RevocationContents: [{ RevocationType: 'CRL', S3Bucket: CA_BUCKET, S3Key: 'revoked.crl' }],
    });
  });

  test('WAF blocks by default and the last rule allows only the site allowlist (IPv4 and IPv6)', () => {
    const t = template(3);
    const acl = webAcl(t);
    expect(acl.DefaultAction).toEqual({ Block: {} });
    expect(ruleNames(t)).toEqual([...BASE_RULES, 'SiteAllowlist']);
    const last = acl.Rules[acl.Rules.length - 1];
    expect(last.Action).toEqual({ Allow: {} });
    const [v4Id] = only(t, 'AWS::WAFv2::IPSet', { Name: 'hardened-site-allowlist-ipv4', IPAddressVersion: 'IPV4', Addresses: [SITE_ALLOWLIST[0]] });
    const [v6Id] = only(t, 'AWS::WAFv2::IPSet', { Name: 'hardened-site-allowlist-ipv6', IPAddressVersion: 'IPV6', Addresses: [SITE_ALLOWLIST[1]] });
    expect(last.Statement).toEqual({
      OrStatement: { Statements: [{ IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': [v4Id, 'Arn'] } } }, { IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': [v6Id, 'Arn'] } } }] },
    });
  });

  test('admin allowlist split by family into two IP sets', () => {
    template(3).hasResourceProperties('AWS::WAFv2::IPSet', { Name: 'hardened-admin-allowlist-ipv4', Addresses: [ADMIN_ALLOWLIST[0]] });
    template(3).hasResourceProperties('AWS::WAFv2::IPSet', { Name: 'hardened-admin-allowlist-ipv6', Addresses: [ADMIN_ALLOWLIST[1]] });
    expect(built.get(3)!.stack.adminIpSets).toHaveLength(2);
  });
});
