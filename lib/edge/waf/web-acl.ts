import { Annotations } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnIPSet, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ManagedGroupName, defaultWafRulesWithinCapacity } from './default-rules';
import { allowlistIpSets, runtimeManagedIpSet, splitCidrsByFamily } from './ip-sets';

export interface EdgeWebAclProps {
  /** Prefix of physical names and metric names (the project name). */
  readonly namePrefix: string;
  /** The load balancer the web ACL protects. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Path prefixes reachable only from `adminAllowlist` (NET-5). */
  readonly adminPathPrefixes: readonly string[];
  /** CIDRs (IPv4 or IPv6) allowed on admin paths. Empty: admin paths are closed to everyone. */
  readonly adminAllowlist: readonly string[];
  /** Requests per client IP per 5 minutes before WAF blocks it (WEB-2). */
  readonly rateLimitPer5Min: number;
  /** Largest request body admitted, in bytes. */
  readonly maxRequestBodyBytes: number;
  /**
   * Restricts the whole site to these CIDRs (WEB-6, authentication pattern 3): the default action
   * becomes Block and a last rule allows these sources. Must not be empty when given.
   * @default - the whole internet may reach the site (default action Allow)
   */
  readonly siteAllowlist?: readonly string[];
  /**
   * IPv4 `a.b.c.d/32` blocks known only at deploy time (tokens) that join the site allowlist's
   * IPv4 set: the stack's own NAT addresses, from which the canary probes the site.
   * Ignored without `siteAllowlist`. @default - none
   */
  readonly siteAllowlistTokens?: readonly string[];
}

/**
 * The REGIONAL web ACL in front of the ALB (WEB-1, WEB-2, WEB-6, NET-5) with its IP sets:
 * the threat block lists the blocker maintains at run time, and the admin and site allowlists
 * built from the configuration. Rules come from `defaultWafRules`; managed groups are dropped in a
 * documented order only if the web ACL would exceed 1,500 WCU.
 */
export class EdgeWebAcl extends Construct {
  public readonly webAcl: CfnWebACL;
  /** Threat block list, IPv4: created empty, maintained by the blocker function. */
  public readonly blockListIpv4: CfnIPSet;
  /** Threat block list, IPv6: created empty, maintained by the blocker function. */
  public readonly blockListIpv6: CfnIPSet;
  /** Admin allowlist, one set per address family in use. */
  public readonly adminIpSets: CfnIPSet[];
  /** Site allowlist (pattern 3), one set per address family in use; empty otherwise. */
  public readonly siteIpSets: CfnIPSet[];
  /** Capacity of the web ACL in WCU, as computed from its rules. */
  public readonly capacity: number;
  public readonly managedGroups: readonly ManagedGroupName[];
  /** Managed groups left out to stay within 1,500 WCU (normally none). */
  public readonly omittedManagedGroups: readonly ManagedGroupName[];

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    const { namePrefix } = props;
    if (props.siteAllowlist !== undefined && props.siteAllowlist.length === 0) {
      throw new Error(`${this.node.path}: siteAllowlist is empty; a site restricted to no sources would block every request. Give at least one CIDR or leave it undefined.`);
    }
    const admin = splitCidrsByFamily('adminAllowlist', props.adminAllowlist);
    const site = props.siteAllowlist === undefined ? undefined : splitCidrsByFamily('siteAllowlist', props.siteAllowlist);

    const blockListDescription = 'Threat block list - maintained at run time by the blocker function, kept empty by CloudFormation';
    this.blockListIpv4 = runtimeManagedIpSet(this, 'BlockListIpv4', { name: `${namePrefix}-blocklist-ipv4`, family: 'IPV4', description: blockListDescription });
    this.blockListIpv6 = runtimeManagedIpSet(this, 'BlockListIpv6', { name: `${namePrefix}-blocklist-ipv6`, family: 'IPV6', description: blockListDescription });
    this.adminIpSets = allowlistIpSets(this, 'AdminAllowlist', { namePrefix: `${namePrefix}-admin-allowlist`, description: 'Sources allowed on admin paths - NET-5', cidrs: admin });
    const siteWithOwn = site === undefined ? undefined : { ipv4: [...site.ipv4, ...(props.siteAllowlistTokens ?? [])], ipv6: site.ipv6 };
    this.siteIpSets =
      siteWithOwn === undefined ? [] : allowlistIpSets(this, 'SiteAllowlist', { namePrefix: `${namePrefix}-site-allowlist`, description: 'Sources allowed on the whole site - authentication pattern 3', cidrs: siteWithOwn });

    const fitted = defaultWafRulesWithinCapacity({
      metricPrefix: namePrefix,
      blockListIpv4Arn: this.blockListIpv4.attrArn,
      blockListIpv6Arn: this.blockListIpv6.attrArn,
      adminPathPrefixes: props.adminPathPrefixes,
      adminIpSetArns: this.adminIpSets.map((s) => s.attrArn),
      rateLimitPer5Min: props.rateLimitPer5Min,
      maxRequestBodyBytes: props.maxRequestBodyBytes,
      siteAllowlistIpSetArns: site === undefined ? undefined : this.siteIpSets.map((s) => s.attrArn),
    });
    this.capacity = fitted.capacity;
    this.managedGroups = fitted.managedGroups;
    this.omittedManagedGroups = fitted.omittedGroups;
    if (fitted.omittedGroups.length > 0) {
      Annotations.of(this).addWarningV2(
        'hardened:edge-waf-capacity',
        `Left out ${fitted.omittedGroups.join(', ')} to keep the web ACL within 1,500 WCU (${fitted.capacity} WCU without them); see CAPACITY_DROP_ORDER.`,
      );
    }

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${namePrefix}-edge`,
      description: 'Edge web ACL of the public load balancer',
      scope: 'REGIONAL',
      defaultAction: site === undefined ? { allow: {} } : { block: {} },
      rules: fitted.rules,
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${namePrefix}-edge` },
    });
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
