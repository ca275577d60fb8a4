import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { expectFlagged, expectNotFlagged, newStack, siblingStack } from './nag-test-helpers';

const VISIBILITY = { cloudWatchMetricsEnabled: true, metricName: 'm', sampledRequestsEnabled: true };

function webAcl(stack: Stack, rules: wafv2.CfnWebACL.RuleProperty[], defaultAction: wafv2.CfnWebACL.DefaultActionProperty = { allow: {} }) {
  return new wafv2.CfnWebACL(stack, 'Acl', { scope: 'REGIONAL', defaultAction, visibilityConfig: VISIBILITY, rules });
}

const managed = (name: string, priority: number, count = false): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: count ? { count: {} } : { none: {} },
  visibilityConfig: VISIBILITY,
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
});

const REQUIRED = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesAmazonIpReputationList'];

describe('WEB-1 WebAclUsesManagedProtections', () => {
  const id = 'Hardened-WEB-1-WebAclUsesManagedProtections';
  test('flags a web ACL without the SQL injection group', () => {
    expectFlagged(webAcl(newStack(), REQUIRED.filter((n) => !n.includes('SQLi')).map((n, i) => managed(n, i))), id);
  });
  test('flags a managed group left in count mode', () => {
    expectFlagged(webAcl(newStack(), REQUIRED.map((n, i) => managed(n, i, n.includes('Common')))), id);
  });
  test('passes a web ACL with the four groups blocking', () => {
    expectNotFlagged(webAcl(newStack(), REQUIRED.map((n, i) => managed(n, i))), id);
  });
});

function alb(stack: Stack, props: Partial<elbv2.CfnLoadBalancerProps> = {}) {
  return new elbv2.CfnLoadBalancer(stack, 'Alb', { subnets: ['subnet-1', 'subnet-2'], ...props });
}

describe('WEB-1 AlbProtectedByWebAcl', () => {
  const id = 'Hardened-WEB-1-AlbProtectedByWebAcl';
  test('flags an internet-facing ALB without a web ACL', () => expectFlagged(alb(newStack()), id));
  test('passes an ALB associated with a web ACL of another stack', () => {
    const edge = newStack('Edge');
    const lb = alb(edge);
    const waf = siblingStack(edge, 'Waf');
    new wafv2.CfnWebACLAssociation(waf, 'Assoc', { resourceArn: lb.ref, webAclArn: webAcl(waf, []).attrArn });
    expectNotFlagged(lb, id);
  });
  test('does not apply to an internal ALB', () => expectNotFlagged(alb(newStack(), { scheme: 'internal' }), id));
});

describe('WEB-2 WebAclRateLimitsClients', () => {
  const id = 'Hardened-WEB-2-WebAclRateLimitsClients';
  const rate = (action: wafv2.CfnWebACL.RuleActionProperty): wafv2.CfnWebACL.RuleProperty => ({
    name: 'rate',
    priority: 0,
    action,
    visibilityConfig: VISIBILITY,
    statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP' } },
  });
  test('flags a web ACL without a rate-based rule', () => expectFlagged(webAcl(newStack(), []), id));
  test('flags a rate-based rule that only counts', () => expectFlagged(webAcl(newStack(), [rate({ count: {} })]), id));
  test('passes a blocking per-IP rate-based rule', () => expectNotFlagged(webAcl(newStack(), [rate({ block: {} })]), id));
});

describe('WEB-6 SiteAllowlistWellFormed', () => {
  const id = 'Hardened-WEB-6-SiteAllowlistWellFormed';
  const allowIpSet = (stack: Stack): wafv2.CfnWebACL.RuleProperty => ({
    name: 'site-allowlist',
    priority: 0,
    action: { allow: {} },
    visibilityConfig: VISIBILITY,
    statement: {
      ipSetReferenceStatement: {
        arn: new wafv2.CfnIPSet(stack, 'Site', { scope: 'REGIONAL', ipAddressVersion: 'IPV4', addresses: [] }).attrArn,
      },
    },
  });
  test('flags a block-by-default web ACL that allows nobody', () => expectFlagged(webAcl(newStack(), [], { block: {} }), id));
  test('passes a block-by-default web ACL allowing an IP set', () => {
    const stack = newStack();
    expectNotFlagged(webAcl(stack, [allowIpSet(stack)], { block: {} }), id);
  });
  test('does not apply to an allow-by-default web ACL', () => expectNotFlagged(webAcl(newStack(), []), id));
});

function listener(stack: Stack, props: Partial<elbv2.CfnListenerProps>, id = 'Listener') {
  return new elbv2.CfnListener(stack, id, {
    loadBalancerArn: alb(stack).ref,
    defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
    ...props,
  });
}

const CERT = [{ certificateArn: 'arn:aws:acm:ap-northeast-1:111111111111:certificate/x' }];

describe('WEB-3 HttpsListenerUsesTls13Policy', () => {
  const id = 'Hardened-WEB-3-HttpsListenerUsesTls13Policy';
  test('flags an HTTPS listener with the default (2016) policy', () => {
    expectFlagged(listener(newStack(), { protocol: 'HTTPS', port: 443, certificates: CERT }), id);
  });
  test('passes an HTTPS listener with a TLS 1.3 policy', () => {
    expectNotFlagged(listener(newStack(), { protocol: 'HTTPS', port: 443, certificates: CERT, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06' }), id);
  });
});

describe('WEB-3 HttpListenerRedirectsToHttps', () => {
  const id = 'Hardened-WEB-3-HttpListenerRedirectsToHttps';
  const redirect = { type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } };
  test('flags an HTTP listener that serves content', () => expectFlagged(listener(newStack(), { protocol: 'HTTP', port: 80 }), id));
  test('flags a rule on the redirect listener that forwards', () => {
    const stack = newStack();
    const l = listener(stack, { protocol: 'HTTP', port: 80, defaultActions: [redirect] });
    new elbv2.CfnListenerRule(stack, 'Forward', {
      listenerArn: l.ref,
      priority: 1,
      conditions: [{ field: 'path-pattern', values: ['/health'] }],
      actions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200' } }],
    });
    expectFlagged(l, id);
  });
  test('passes an HTTP listener that only redirects to HTTPS', () => {
    expectNotFlagged(listener(newStack(), { protocol: 'HTTP', port: 80, defaultActions: [redirect] }), id);
  });
});

describe('WEB-3 AlbDropsInvalidHeaders', () => {
  const id = 'Hardened-WEB-3-AlbDropsInvalidHeaders';
  const attrs = (a: Record<string, string>) => Object.entries(a).map(([key, value]) => ({ key, value }));
  test('flags an ALB with the default desync mode', () => {
    expectFlagged(alb(newStack(), { loadBalancerAttributes: attrs({ 'routing.http.drop_invalid_header_fields.enabled': 'true' }) }), id);
  });
  test('passes an ALB dropping invalid headers with strictest desync mitigation', () => {
    const loadBalancerAttributes = attrs({ 'routing.http.drop_invalid_header_fields.enabled': 'true', 'routing.http.desync_mitigation_mode': 'strictest' });
    expectNotFlagged(alb(newStack(), { loadBalancerAttributes }), id);
  });
});

describe('WEB-3 HttpsListenerSendsHsts', () => {
  const id = 'Hardened-WEB-3-HttpsListenerSendsHsts';
  const https = (hsts?: string) =>
    listener(newStack(), {
      protocol: 'HTTPS',
      port: 443,
      certificates: CERT,
      listenerAttributes: hsts ? [{ key: 'routing.http.response.strict_transport_security.header_value', value: hsts }] : undefined,
    });
  test('flags an HTTPS listener without HSTS', () => expectFlagged(https(), id));
  test('flags an HSTS max-age of one day', () => expectFlagged(https('max-age=86400'), id));
  test('passes HSTS for two years', () => expectNotFlagged(https('max-age=63072000; includeSubDomains; preload'), id));
});

describe('WEB-4 MutualTlsVerifiesClients', () => {
  const id = 'Hardened-WEB-4-MutualTlsVerifiesClients';
  const https = (mutualAuthentication?: elbv2.CfnListener.MutualAuthenticationProperty) =>
    listener(newStack(), { protocol: 'HTTPS', port: 443, certificates: CERT, mutualAuthentication });
  const trustStoreArn = 'arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:truststore/ts/1';
  test('flags passthrough mode', () => expectFlagged(https({ mode: 'passthrough' }), id));
  test('flags verify mode that ignores expiry', () => expectFlagged(https({ mode: 'verify', trustStoreArn, ignoreClientCertificateExpiry: true }), id));
  test('passes verify mode with a trust store', () => expectNotFlagged(https({ mode: 'verify', trustStoreArn }), id));
  test('does not apply without mutual authentication', () => expectNotFlagged(https(), id));
});

describe('WEB-5 UserPoolRequiresStrongPasswordAndMfa', () => {
  const id = 'Hardened-WEB-5-UserPoolRequiresStrongPasswordAndMfa';
  const pool = (props: cognito.UserPoolProps) => new cognito.UserPool(newStack(), 'Users', props);
  const strong = { minLength: 12, requireUppercase: true, requireLowercase: true, requireDigits: true, requireSymbols: true };
  test('flags 8-character passwords', () => expectFlagged(pool({ mfa: cognito.Mfa.REQUIRED, passwordPolicy: { ...strong, minLength: 8 } }), id));
  test('flags optional MFA', () => expectFlagged(pool({ mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { sms: false, otp: true }, passwordPolicy: strong }), id));
  test('passes ≥ 10 mixed characters and required MFA', () => {
    expectNotFlagged(pool({ mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { sms: false, otp: true }, passwordPolicy: strong }), id);
  });
});

describe('WEB-5 SignInSessionTimesOut', () => {
  const id = 'Hardened-WEB-5-SignInSessionTimesOut';
  // The listener's SessionTimeout is a string, the listener rule's a number (CloudFormation types).
  const signIn = (sessionTimeout?: string): elbv2.CfnListener.ActionProperty => ({
    type: 'authenticate-cognito',
    order: 1,
    authenticateCognitoConfig: {
      userPoolArn: 'arn:aws:cognito-idp:ap-northeast-1:111111111111:userpool/p',
      userPoolClientId: 'c',
      userPoolDomain: 'd',
      sessionTimeout,
    },
  });
  const forward: elbv2.CfnListener.ActionProperty = { type: 'fixed-response', order: 2, fixedResponseConfig: { statusCode: '200' } };
  test('flags a sign-in with the default 7-day session', () => {
    expectFlagged(listener(newStack(), { protocol: 'HTTPS', port: 443, certificates: CERT, defaultActions: [signIn(), forward] }), id);
  });
  test('flags a listener rule sign-in with a 7-day session', () => {
    const stack = newStack();
    const l = listener(stack, { protocol: 'HTTPS', port: 443, certificates: CERT });
    const rule = new elbv2.CfnListenerRule(stack, 'Admin', {
      listenerArn: l.ref,
      priority: 1,
      conditions: [{ field: 'path-pattern', values: ['/app/*'] }],
      actions: [
        { type: 'authenticate-cognito', order: 1, authenticateCognitoConfig: { userPoolArn: 'arn:aws:cognito-idp:ap-northeast-1:111111111111:userpool/p', userPoolClientId: 'c', userPoolDomain: 'd', sessionTimeout: 604800 } },
        { type: 'fixed-response', order: 2, fixedResponseConfig: { statusCode: '200' } },
      ],
    });
    expectFlagged(rule, id);
  });
  test('passes a 30-minute session', () => {
    expectNotFlagged(listener(newStack(), { protocol: 'HTTPS', port: 443, certificates: CERT, defaultActions: [signIn('1800'), forward] }), id);
  });
  test('does not apply without sign-in', () => expectNotFlagged(listener(newStack(), { protocol: 'HTTPS', port: 443, certificates: CERT }), id));
});
