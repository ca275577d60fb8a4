/**
 * The web ACL's rules and capacity as pure functions: no app, no synthesis.
 */
import { UnknownWcuError, WEB_ACL_CAPACITY_LIMIT, ruleCapacity, statementCapacity, webAclCapacity } from '../../lib/edge/waf/capacity';
import {
  ALB_BODY_INSPECTION_LIMIT_BYTES,
  CAPACITY_DROP_ORDER,
  DEFAULT_MANAGED_GROUPS,
  DefaultWafRulesProps,
  adminPathRule,
  bodySizeRule,
  defaultWafRules,
  defaultWafRulesWithinCapacity,
} from '../../lib/edge/waf/default-rules';
import { integerGreaterThanRegex } from '../../lib/edge/waf/greater-than-regex';
import { splitCidrsByFamily } from '../../lib/edge/waf/ip-sets';

const BASE: DefaultWafRulesProps = {
  metricPrefix: 'test',
  blockListIpv4Arn: 'arn:block4',
  blockListIpv6Arn: 'arn:block6',
  adminPathPrefixes: ['/admin'],
  adminIpSetArns: ['arn:admin4'],
  rateLimitPer5Min: 2000,
  maxRequestBodyBytes: 65536,
};

describe('integerGreaterThanRegex', () => {
  test.each([0, 1, 8, 9, 10, 99, 250, 8192, 65536, 99999, 100000, 10485760])('matches exactly the integers above %i', (bound) => {
    const regex = new RegExp(integerGreaterThanRegex(bound));
    const samples = new Set<number>([0, 1, bound - 1, bound, bound + 1, bound * 10, bound * 10 + 9, 99999999]);
    for (let n = Math.max(0, bound - 300); n <= bound + 300; n++) samples.add(n);
    for (let i = 1; i < 10; i++) samples.add(Math.floor(bound / i));
    for (const n of samples) {
      if (n < 0) continue;
      expect([n, regex.test(String(n))]).toEqual([n, n > bound]);
      expect([`00${n}`, regex.test(`00${n}`)]).toEqual([`00${n}`, n > bound]);
    }
    for (const junk of ['', 'abc', '-70000', '65537 ', '1e9']) expect(regex.test(junk)).toBe(false);
  });

  test('uses no groups, which WAF rejects', () => {
    expect(integerGreaterThanRegex(65536)).not.toMatch(/[()]/);
  });
});

describe('WCU table (capacity.ts)', () => {
  const ipSet = { ipSetReferenceStatement: { arn: 'x' } };
  const startsWithLower = {
    byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: '/a', textTransformations: [{ priority: 0, type: 'LOWERCASE' }] },
  };

  test.each([
    ['IP set reference', ipSet, 1],
    ['string match STARTS_WITH + 1 transformation', startsWithLower, 12],
    ['string match CONTAINS, no transformation', { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'CONTAINS', searchString: 'a', textTransformations: [{ priority: 0, type: 'NONE' }] } }, 10],
    ['string match EXACTLY on the JSON body', { byteMatchStatement: { fieldToMatch: { jsonBody: { matchScope: 'ALL' } }, positionalConstraint: 'EXACTLY', searchString: 'a', textTransformations: [] } }, 4],
    ['size constraint on all query arguments', { sizeConstraintStatement: { fieldToMatch: { allQueryArguments: {} }, comparisonOperator: 'GT', size: 1, textTransformations: [] } }, 11],
    ['inline regex', { regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: 'a', textTransformations: [] } }, 3],
    ['regex pattern set + 2 transformations', { regexPatternSetReferenceStatement: { arn: 'x', fieldToMatch: { uriPath: {} }, textTransformations: [{ type: 'LOWERCASE' }, { type: 'URL_DECODE' }] } }, 45],
    ['SQLi match', { sqliMatchStatement: { fieldToMatch: { body: {} }, textTransformations: [{ type: 'URL_DECODE' }] } }, 30],
    ['rate-based with a scope-down', { rateBasedStatement: { limit: 100, aggregateKeyType: 'IP', scopeDownStatement: startsWithLower } }, 14],
    ['rate-based on two custom keys', { rateBasedStatement: { limit: 100, aggregateKeyType: 'CUSTOM_KEYS', customKeys: [{ ip: {} }, { httpMethod: {} }] } }, 62],
    ['NOT of an OR of two IP sets', { notStatement: { statement: { orStatement: { statements: [ipSet, ipSet] } } } }, 2],
    ['managed group with a scope-down', { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesSQLiRuleSet', scopeDownStatement: ipSet } }, 201],
  ])('%s', (_, statement, wcu) => {
    expect(statementCapacity(statement)).toBe(wcu);
  });

  test('reads template casing (IPSetReferenceStatement, PascalCase) like L1 casing', () => {
    const template = { Name: 'r', Statement: { AndStatement: { Statements: [{ IPSetReferenceStatement: { Arn: 'x' } }, { ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/a', TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }] } }] } } };
    expect(ruleCapacity(template)).toBe(13);
  });

  test('refuses to guess: unknown statements and groups throw', () => {
    expect(() => statementCapacity({ managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesBotControlRuleSet' } })).toThrow(UnknownWcuError);
    expect(() => statementCapacity({ ruleGroupReferenceStatement: { arn: 'x' } })).toThrow(/ruleGroupReferenceStatement/);
    expect(() => statementCapacity({ byteMatchStatement: { positionalConstraint: 'FUZZY' } })).toThrow(/FUZZY/);
  });
});

describe('defaultWafRules', () => {
  test('order: block lists, admin paths, rate limit, managed groups, body size; priorities follow', () => {
    const rules = defaultWafRules(BASE);
    expect(rules.map((r) => r.name)).toEqual([
      'ThreatBlockListIpv4',
      'ThreatBlockListIpv6',
      'AdminPathsFromAllowlistOnly',
      'RateLimitPerClientIp',
      ...DEFAULT_MANAGED_GROUPS,
      'BodySizeLimit',
    ]);
    expect(rules.map((r) => r.priority)).toEqual(rules.map((_, i) => i));
  });

  test('the site allowlist rule comes last, after every blocking rule, and allows', () => {
    const rules = defaultWafRules({ ...BASE, siteAllowlistIpSetArns: ['arn:site4'] });
    expect(rules[rules.length - 1]).toMatchObject({ name: 'SiteAllowlist', action: { allow: {} }, statement: { ipSetReferenceStatement: { arn: 'arn:site4' } } });
  });

  test('admin prefixes are lower-cased and OR-ed; without an admin allowlist the paths are closed to all', () => {
    const rule = adminPathRule(['/Admin', '/internal'], [], 'm');
    expect(rule.action).toEqual({ block: {} });
    const statements = (rule.statement as any).orStatement.statements;
    expect(statements.map((s: any) => s.byteMatchStatement.searchString)).toEqual(['/admin', '/internal']);
    expect(JSON.stringify(rule.statement)).not.toMatch(/notStatement/);
  });

  test(`bodies up to ${ALB_BODY_INSPECTION_LIMIT_BYTES} bytes are measured directly, a body WAF cannot see whole counting as too large`, () => {
    expect(bodySizeRule(4096, 'm').statement).toEqual({
      sizeConstraintStatement: { fieldToMatch: { body: { oversizeHandling: 'MATCH' } }, comparisonOperator: 'GT', size: 4096, textTransformations: [{ priority: 0, type: 'NONE' }] },
    });
    expect(Object.keys(bodySizeRule(65536, 'm').statement)).toEqual(['regexMatchStatement']);
  });
});

describe('defaultWafRulesWithinCapacity', () => {
  const worstCase: DefaultWafRulesProps = { ...BASE, adminIpSetArns: ['a4', 'a6'], siteAllowlistIpSetArns: ['s4', 's6'] };

  test('keeps every managed group when they fit', () => {
    const fitted = defaultWafRulesWithinCapacity(worstCase);
    expect(fitted.capacity).toBe(1498);
    expect(fitted.omittedGroups).toEqual([]);
    expect(fitted.managedGroups).toEqual(DEFAULT_MANAGED_GROUPS);
  });

  test('drops the Unix group first when the full set would exceed 1,500 WCU', () => {
    const fitted = defaultWafRulesWithinCapacity({ ...worstCase, adminPathPrefixes: ['/admin', '/internal'] });
    expect(webAclCapacity(defaultWafRules({ ...worstCase, adminPathPrefixes: ['/admin', '/internal'] }))).toBe(1510);
    expect(fitted.omittedGroups).toEqual(['AWSManagedRulesUnixRuleSet']);
    expect(fitted.capacity).toBe(1410);
    expect(fitted.rules.map((r) => r.name)).not.toContain('AWSManagedRulesUnixRuleSet');
  });

  test('then the Anonymous IP group, and throws when even that is not enough', () => {
    const prefixes = (n: number) => Array.from({ length: n }, (_, i) => `/admin${i}`);
    expect(defaultWafRulesWithinCapacity({ ...worstCase, adminPathPrefixes: prefixes(11) }).omittedGroups).toEqual(CAPACITY_DROP_ORDER);
    expect(() => defaultWafRulesWithinCapacity({ ...worstCase, adminPathPrefixes: prefixes(20) })).toThrow(/needs \d+ WCU.*edge\.adminPathPrefixes/s);
  });

  test(`the limit is ${WEB_ACL_CAPACITY_LIMIT}`, () => {
    expect(WEB_ACL_CAPACITY_LIMIT).toBe(1500);
  });
});

describe('splitCidrsByFamily', () => {
  test('splits, canonicalises and de-duplicates', () => {
    expect(splitCidrsByFamily('f', ['203.0.113.0/24', '2001:DB8:0:0::/48', '198.51.100.7', '203.0.113.0/24'])).toEqual({
      ipv4: ['203.0.113.0/24', '198.51.100.7/32'],
      ipv6: ['2001:db8::/48'],
    });
  });

  test('rejects malformed blocks, host bits and /0, naming the field and index', () => {
    expect(() => splitCidrsByFamily('edge.adminAllowlist', ['10.0.0.1/8', 'nope', '::/0'])).toThrow(
      /edge\.adminAllowlist\[0\].*\n.*edge\.adminAllowlist\[1\].*\n.*edge\.adminAllowlist\[2\].*\/0/,
    );
  });
});
