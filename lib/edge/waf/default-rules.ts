/**
 * The edge web ACL's rules as named pure functions (the aws-solutions-constructs way): no
 * constructs, no tokens of their own, so each rule can be read, tested and capacity-checked alone.
 *
 * Order matters in WAF (the first terminating match wins), so `defaultWafRules` fixes it:
 *  1. threat block lists (IPv4, IPv6)  — addresses the blocker function found attacking us (MON-4)
 *  2. admin paths from the admin allowlist only                                        (NET-5)
 *  3. rate limit per client IP                                                          (WEB-2)
 *  4. AWS managed rule groups                                                           (WEB-1)
 *  5. request body size limit                                                           (WEB-1)
 *  6. site allowlist (authentication pattern 3 only, with default action Block)         (WEB-6)
 * The site allowlist comes last on purpose: Allow is terminating, so allowlisted clients must
 * have passed every blocking rule before it, not skip them.
 */
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { WEB_ACL_CAPACITY_LIMIT, webAclCapacity } from './capacity';
import { integerGreaterThanRegex } from './greater-than-regex';

export type WafRule = CfnWebACL.RuleProperty;
type UnorderedRule = Omit<CfnWebACL.RuleProperty, 'priority'>;
type Statement = CfnWebACL.StatementProperty;

/** The AWS managed rule groups of the edge web ACL, in evaluation order (cheap IP checks first). */
export const DEFAULT_MANAGED_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesLinuxRuleSet',
  'AWSManagedRulesUnixRuleSet',
] as const;
export type ManagedGroupName = (typeof DEFAULT_MANAGED_GROUPS)[number];

/**
 * Groups given up, first to last, when the web ACL would exceed its capacity.
 * - Unix (POSIX) first: its LFI and command-injection patterns largely overlap the Linux group
 *   (the containers run Linux) and the Common rule set, so it adds the least.
 * - Anonymous IP next: it blocks VPNs, Tor and hosting providers, a noisy signal for a B2B SaaS
 *   whose users may work through corporate VPNs; IP reputation and the blocker still apply.
 * The injection, bad-input and reputation groups are never dropped.
 */
export const CAPACITY_DROP_ORDER: readonly ManagedGroupName[] = ['AWSManagedRulesUnixRuleSet', 'AWSManagedRulesAnonymousIpList'];

/** WAF sees only the first 8 KB of a request body on an Application Load Balancer (fixed, not configurable). */
export const ALB_BODY_INSPECTION_LIMIT_BYTES = 8192;

export interface DefaultWafRulesProps {
  /** Prefix of every rule's CloudWatch metric name, e.g. the project name. */
  readonly metricPrefix: string;
  /** ARN of the run-time maintained IPv4 block list. */
  readonly blockListIpv4Arn: string;
  /** ARN of the run-time maintained IPv6 block list. */
  readonly blockListIpv6Arn: string;
  /** Path prefixes reachable only from the admin allowlist (matched case-insensitively). */
  readonly adminPathPrefixes: readonly string[];
  /** ARNs of the admin allowlist IP sets (one per family in use). Empty: admin paths closed to everyone. */
  readonly adminIpSetArns: readonly string[];
  /** Requests per client IP per 5 minutes before WAF blocks it. */
  readonly rateLimitPer5Min: number;
  /** Largest request body admitted, in bytes. */
  readonly maxRequestBodyBytes: number;
  /** Managed groups to include. @default DEFAULT_MANAGED_GROUPS */
  readonly managedGroups?: readonly ManagedGroupName[];
  /**
   * ARNs of the site allowlist IP sets. When given (pattern 3), a final Allow rule admits only
   * these sources and the web ACL's default action must be Block.
   * @default - no site allowlist rule
   */
  readonly siteAllowlistIpSetArns?: readonly string[];
}

/** The edge web ACL's rules, in order, with priorities assigned. */
export function defaultWafRules(props: DefaultWafRulesProps): WafRule[] {
  const m = props.metricPrefix;
  const rules: UnorderedRule[] = [
    blockListRule('ThreatBlockListIpv4', props.blockListIpv4Arn, m),
    blockListRule('ThreatBlockListIpv6', props.blockListIpv6Arn, m),
    adminPathRule(props.adminPathPrefixes, props.adminIpSetArns, m),
    rateLimitRule(props.rateLimitPer5Min, m),
    ...(props.managedGroups ?? DEFAULT_MANAGED_GROUPS).map((group) => managedGroupRule(group, m)),
    bodySizeRule(props.maxRequestBodyBytes, m),
  ];
  if (props.siteAllowlistIpSetArns !== undefined) rules.push(siteAllowlistRule(props.siteAllowlistIpSetArns, m));
  return rules.map((rule, priority) => ({ ...rule, priority }));
}

/** What `defaultWafRulesWithinCapacity` chose. */
export interface FittedWafRules {
  readonly rules: WafRule[];
  /** Capacity (WCU) of `rules`. */
  readonly capacity: number;
  readonly managedGroups: readonly ManagedGroupName[];
  /** Managed groups left out to stay within the capacity limit, in drop order. */
  readonly omittedGroups: readonly ManagedGroupName[];
}

/**
 * `defaultWafRules` with every managed group if that fits the capacity limit, otherwise without
 * the groups of CAPACITY_DROP_ORDER, one at a time. Throws when even that does not fit.
 */
export function defaultWafRulesWithinCapacity(props: DefaultWafRulesProps, limit: number = WEB_ACL_CAPACITY_LIMIT): FittedWafRules {
  let groups: readonly ManagedGroupName[] = props.managedGroups ?? DEFAULT_MANAGED_GROUPS;
  const omitted: ManagedGroupName[] = [];
  let rules = defaultWafRules({ ...props, managedGroups: groups });
  for (const drop of CAPACITY_DROP_ORDER) {
    if (webAclCapacity(rules) <= limit) break;
    if (!groups.includes(drop)) continue;
    groups = groups.filter((g) => g !== drop);
    omitted.push(drop);
    rules = defaultWafRules({ ...props, managedGroups: groups });
  }
  const capacity = webAclCapacity(rules);
  if (capacity > limit) {
    throw new Error(
      `The edge web ACL needs ${capacity} WCU even without ${omitted.join(', ')}; the limit is ${limit}. ` +
        'Each admin path prefix costs 12 WCU: use fewer, broader prefixes in edge.adminPathPrefixes.',
    );
  }
  return { rules, capacity, managedGroups: groups, omittedGroups: omitted };
}

/** Blocks sources the blocker function put on a threat list (MON-4). */
export function blockListRule(name: string, ipSetArn: string, metricPrefix: string): UnorderedRule {
  return {
    name,
    action: { block: {} },
    statement: { ipSetReferenceStatement: { arn: ipSetArn } },
    visibilityConfig: visibility(metricPrefix, name),
  };
}

/**
 * Blocks admin paths unless the source is in the admin allowlist (NET-5). The path is lower-cased
 * before matching, so "/Admin" cannot slip past "/admin"; a prefix also matches longer names
 * ("/admin" covers "/administrator"), which errs on the side of blocking.
 */
export function adminPathRule(prefixes: readonly string[], adminIpSetArns: readonly string[], metricPrefix: string): UnorderedRule {
  if (prefixes.length === 0) throw new Error('adminPathRule: at least one admin path prefix is required');
  const name = 'AdminPathsFromAllowlistOnly';
  const onAdminPath = anyOf(
    prefixes.map((prefix) => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: prefix.toLowerCase(),
        textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
      },
    })),
  );
  const fromAdmin = adminIpSetArns.length === 0 ? undefined : anyOf(adminIpSetArns.map((arn) => ({ ipSetReferenceStatement: { arn } })));
  return {
    name,
    action: { block: {} },
    statement: fromAdmin === undefined ? onAdminPath : { andStatement: { statements: [onAdminPath, { notStatement: { statement: fromAdmin } }] } },
    visibilityConfig: visibility(metricPrefix, name),
  };
}

/** Blocks a client IP above `limit` requests in any 5 minutes, answering 429 (WEB-2). */
export function rateLimitRule(limit: number, metricPrefix: string): UnorderedRule {
  const name = 'RateLimitPerClientIp';
  return {
    name,
    action: { block: { customResponse: { responseCode: 429 } } },
    statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
    visibilityConfig: visibility(metricPrefix, name),
  };
}

/**
 * One AWS managed rule group with its own actions (WEB-1). In the Common rule set,
 * SizeRestrictions_BODY (blocks any body over 8 KB) is set to Count so that the body-size rule
 * below, which knows the configured limit, decides instead; the group's other rules still block.
 */
export function managedGroupRule(group: ManagedGroupName, metricPrefix: string): UnorderedRule {
  const ruleActionOverrides =
    group === 'AWSManagedRulesCommonRuleSet' ? [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] : undefined;
  return {
    name: group,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group, ...(ruleActionOverrides ? { ruleActionOverrides } : {}) } },
    visibilityConfig: visibility(metricPrefix, group),
  };
}

/**
 * Blocks request bodies larger than `maxBytes`.
 *
 * On an ALB, WAF receives at most the first 8 KB of a body, so it cannot measure a larger one:
 * - up to 8 KB, the body itself is measured, and a body WAF could not see whole counts as too
 *   large (oversize handling MATCH);
 * - above 8 KB, the declared Content-Length is compared with the limit instead (a regex on the
 *   digits, as WAF has no numeric comparison for headers). A chunked request without
 *   Content-Length is not caught here: the application must still cap what it reads.
 * Either way, managed rules inspect only the first 8 KB of bodies larger than that.
 */
export function bodySizeRule(maxBytes: number, metricPrefix: string): UnorderedRule {
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new Error(`bodySizeRule: maxBytes must be a positive integer, got ${maxBytes}`);
  const name = 'BodySizeLimit';
  const statement: Statement =
    maxBytes <= ALB_BODY_INSPECTION_LIMIT_BYTES
      ? {
          sizeConstraintStatement: {
            fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
            comparisonOperator: 'GT',
            size: maxBytes,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        }
      : {
          regexMatchStatement: {
            // singleHeader is untyped on the L1: CloudFormation casing.
            fieldToMatch: { singleHeader: { Name: 'content-length' } },
            regexString: integerGreaterThanRegex(maxBytes),
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        };
  return { name, action: { block: { customResponse: { responseCode: 413 } } }, statement, visibilityConfig: visibility(metricPrefix, name) };
}

/** Admits only the site allowlist (WEB-6, pattern 3); everything else falls to the default Block. */
export function siteAllowlistRule(ipSetArns: readonly string[], metricPrefix: string): UnorderedRule {
  if (ipSetArns.length === 0) throw new Error('siteAllowlistRule: at least one IP set is required (an empty allowlist would block the whole site)');
  const name = 'SiteAllowlist';
  return {
    name,
    action: { allow: {} },
    statement: anyOf(ipSetArns.map((arn) => ({ ipSetReferenceStatement: { arn } }))),
    visibilityConfig: visibility(metricPrefix, name),
  };
}

/** CloudWatch metrics and sampled requests on every rule, so each block can be explained. */
export function visibility(metricPrefix: string, name: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${metricPrefix}-${name}` };
}

/** OR of the statements, or the statement itself when there is one (WAF's OR needs two or more). */
function anyOf(statements: Statement[]): Statement {
  return statements.length === 1 ? statements[0] : { orStatement: { statements } };
}
