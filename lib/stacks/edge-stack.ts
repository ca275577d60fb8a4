import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnIPSet, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { AuthPattern, HardenedConfig } from '../config/types';
import { retainedName } from '../config/retained-name';
import { SUBNET_TIERS } from '../network/tiered-vpc';
import { authPatternFeatures, authPatternProblems } from '../edge/auth-patterns';
import { ClientCertificates } from '../edge/client-certificates';
import { PublicLoadBalancer } from '../edge/public-load-balancer';
import { serverCertificate } from '../edge/server-certificate';
import { SignIn } from '../edge/sign-in';
import { SiteDns } from '../edge/site-dns';
import { splitCidrsByFamily } from '../edge/waf/ip-sets';
import { WAF_LOG_GROUP_PREFIX, WafLogging } from '../edge/waf/logging';
import { EdgeWebAcl } from '../edge/waf/web-acl';

export interface EdgeStackProps extends StackProps {
  readonly config: HardenedConfig;
  /** The VPC; the ALB goes into its 'Public' subnet group. */
  readonly vpc: ec2.IVpc;
  /** The ALB's security group from the network tier (80/443 in, app port out). */
  readonly albSecurityGroup: ec2.ISecurityGroup;
  /** SSE-S3 bucket for ALB access and connection logs, kept ≥ 1096 days by its lifecycle. */
  readonly accessLogBucket: s3.IBucket;
  /**
   * The NAT gateways' public addresses (Network stack), `a.b.c.d/32` tokens. In pattern 3 they join
   * the site allowlist so the canary, which runs in the app subnets, passes the restriction.
   * @default - none
   */
  readonly canaryEgressCidrs?: string[];
}

/**
 * The edge (WEB-1..6, NET-5, LOG-3): the public ALB with TLS 1.3, the WAF web ACL and its logs,
 * and the authentication pattern of seed S3 chosen by `config.edge.authPattern`
 * (0 TLS · 1 + sign-in · 2 + client certificate · 3 + source-IP restriction; see auth-patterns.ts).
 */
export class EdgeStack extends Stack {
  public readonly authPattern: AuthPattern;
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly httpsListener: elbv2.ApplicationListener;
  /** IP targets on the app port; the app tier calls `service.attachToApplicationTargetGroup(targetGroup)`. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly webAcl: CfnWebACL;
  /** Capacity of the web ACL in WCU (≤ 1,500). */
  public readonly webAclCapacity: number;
  /** Threat block lists, created empty; the blocker function maintains their addresses. */
  public readonly blockListIpv4: CfnIPSet;
  public readonly blockListIpv6: CfnIPSet;
  /** Admin allowlist IP sets (one per address family in use). */
  public readonly adminIpSets: CfnIPSet[];
  /** The sign-in user pool (pattern ≥ 1). */
  public readonly userPool?: cognito.UserPool;
  /** The client-certificate trust store (pattern ≥ 2). */
  public readonly trustStore?: elbv2.TrustStore;
  public readonly wafLogGroup: logs.LogGroup;
  /** The site's alias records, when `edge.certificate` names a hosted zone. */
  public readonly siteDns?: SiteDns;
  /** Where the Cognito sign-in redirect goes (pattern ≥ 1): `https://<prefix>.auth.<region>.amazoncognito.com/`. */
  public readonly signInBaseUrl?: string;
  /**
   * CIDRs the blocker must never put on a block list: the admin allowlist and the site allowlist,
   * canonicalised. (threat.neverBlock is the blocker's own addition.)
   */
  public readonly neverBlockCidrs: string[];

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const edge = config.edge;
    const problems = authPatternProblems(edge);
    if (problems.length > 0) {
      throw new Error(`${id}: the edge configuration does not support authentication pattern ${edge.authPattern}:\n  - ${problems.join('\n  - ')}`);
    }
    this.authPattern = edge.authPattern;
    const features = authPatternFeatures(edge.authPattern);

    const certificate = serverCertificate(this, 'Certificate', edge.certificate);

    const signIn = features.signIn
      ? new SignIn(this, 'SignIn', {
          siteDomainName: edge.certificate.domainName!,
          domainPrefix: edge.signIn.domainPrefix ?? `${config.projectName}-signin-${config.account}`,
          minPasswordLength: edge.signIn.minPasswordLength,
          sessionTimeout: Duration.minutes(edge.signIn.idleTimeoutMinutes),
        })
      : undefined;
    this.userPool = signIn?.userPool;

    const clientCertificates = features.clientCertificate
      ? new ClientCertificates(this, 'ClientCertificates', {
          caBundleBucket: edge.clientCertificates.caBundleBucket!,
          caBundleKey: edge.clientCertificates.caBundleKey,
          revocationListKey: edge.clientCertificates.revocationListKey,
        })
      : undefined;
    this.trustStore = clientCertificates?.trustStore;

    const lb = new PublicLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      subnets: { subnetGroupName: SUBNET_TIERS.public },
      securityGroup: props.albSecurityGroup,
      accessLogBucket: props.accessLogBucket,
      certificate,
      sslPolicy: edge.sslPolicy,
      hstsMaxAge: Duration.seconds(edge.hstsMaxAgeSeconds),
      appPort: config.app.containerPort,
      healthCheckPath: config.app.healthCheckPath,
      mutualAuthentication: clientCertificates?.mutualAuthentication,
      authenticate: signIn ? (next) => signIn.authenticate(next) : undefined,
    });
    this.loadBalancer = lb.loadBalancer;
    this.httpsListener = lb.httpsListener;
    this.targetGroup = lb.targetGroup;

    const waf = new EdgeWebAcl(this, 'Waf', {
      namePrefix: config.projectName,
      loadBalancer: this.loadBalancer,
      adminPathPrefixes: edge.adminPathPrefixes,
      adminAllowlist: edge.adminAllowlist,
      rateLimitPer5Min: edge.rateLimitPer5Min,
      maxRequestBodyBytes: edge.maxRequestBodyBytes,
      siteAllowlist: features.siteAllowlist ? edge.siteAllowlist : undefined,
      siteAllowlistTokens: features.siteAllowlist ? props.canaryEgressCidrs : undefined,
    });
    this.webAcl = waf.webAcl;
    this.webAclCapacity = waf.capacity;
    this.blockListIpv4 = waf.blockListIpv4;
    this.blockListIpv6 = waf.blockListIpv6;
    this.adminIpSets = waf.adminIpSets;

    const wafLogs = new WafLogging(this, 'WafLogs', {
      webAcl: this.webAcl,
      logGroupName: retainedName(config, `${WAF_LOG_GROUP_PREFIX}${config.projectName}`),
      retentionDays: config.logs.retentionDays,
      keyAlias: `${config.projectName}/waf-logs`,
    });
    this.wafLogGroup = wafLogs.logGroup;

    const zone = edge.certificate;
    if (zone.hostedZoneId && zone.hostedZoneName && zone.domainName) {
      this.siteDns = new SiteDns(this, 'SiteDns', {
        domainName: zone.domainName,
        hostedZoneId: zone.hostedZoneId,
        zoneName: zone.hostedZoneName,
        loadBalancer: this.loadBalancer,
        dualStack: this.loadBalancer.ipAddressType === elbv2.IpAddressType.DUAL_STACK,
      });
    }
    this.signInBaseUrl = signIn ? signIn.domain.baseUrl() + '/' : undefined;
    new CfnOutput(this, 'LoadBalancerDnsName', {
      value: this.loadBalancer.loadBalancerDnsName,
      description: this.siteDns
        ? `DNS name of the load balancer; ${zone.domainName} is an alias to it in hosted zone ${zone.hostedZoneName}`
        : `DNS name of the load balancer: point ${edge.certificate.domainName ?? 'the site name'} at it (CNAME or alias) before deploying the Monitoring stack, whose canary probes that name`,
    });

    const protectedCidrs = splitCidrsByFamily('edge allowlists', [...edge.adminAllowlist, ...edge.siteAllowlist]);
    this.neverBlockCidrs = [...protectedCidrs.ipv4, ...protectedCidrs.ipv6];
  }
}
