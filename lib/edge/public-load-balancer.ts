import { Duration, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** ALB TLS policies that negotiate TLS 1.3 with TLS 1.2 or 1.3 as minimum (WEB-3), post-quantum and FIPS variants included. */
export const TLS13_POLICY = /^ELBSecurityPolicy-TLS13-1-[23]-/;

/** Where the ALB writes in the access-log bucket. */
export const ALB_LOG_PREFIXES = { access: 'alb/access', connection: 'alb/connection' } as const;

export interface PublicLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  /** Subnets of the load balancer: the public tier. */
  readonly subnets: ec2.SubnetSelection;
  /**
   * The ALB's security group, owned by the network tier (80/443 in from clients, app port out).
   * The listeners never open it further.
   */
  readonly securityGroup: ec2.ISecurityGroup;
  /** SSE-S3 bucket for access and connection logs (the ALB cannot write to a KMS-encrypted one). */
  readonly accessLogBucket: s3.IBucket;
  readonly certificate: acm.ICertificate;
  /** TLS policy name; must be a TLS 1.3 policy (`ELBSecurityPolicy-TLS13-1-2-…` or `-1-3-…`). */
  readonly sslPolicy: string;
  /** HSTS max-age sent on every HTTPS response. */
  readonly hstsMaxAge: Duration;
  /** Port the application containers listen on. */
  readonly appPort: number;
  /** Path the ALB health check requests. */
  readonly healthCheckPath: string;
  /** Client-certificate verification (pattern ≥ 2). @default - no mutual TLS */
  readonly mutualAuthentication?: elbv2.MutualAuthentication;
  /**
   * Wraps forwarding to the application in a sign-in step (pattern ≥ 1).
   * @default - requests are forwarded as they are
   */
  readonly authenticate?: (next: elbv2.ListenerAction) => elbv2.ListenerAction;
}

/**
 * The internet-facing Application Load Balancer (WEB-3, LOG-3, APP-1):
 * - HTTPS on 443 with a TLS 1.3 policy and HSTS; HTTP on 80 only answers 301 to HTTPS;
 * - invalid header fields dropped, strictest HTTP desync mitigation, deletion protection,
 *   fail closed when WAF cannot be reached;
 * - access and connection logs to the access-log bucket;
 * - an IP target group on the app port, which the app tier's Fargate service attaches to.
 */
export class PublicLoadBalancer extends Construct {
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly httpsListener: elbv2.ApplicationListener;
  public readonly httpListener: elbv2.ApplicationListener;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!TLS13_POLICY.test(props.sslPolicy)) {
      problems.push(`sslPolicy: got ${JSON.stringify(props.sslPolicy)}; allowed: a TLS 1.3 policy, "ELBSecurityPolicy-TLS13-1-2-…" or "ELBSecurityPolicy-TLS13-1-3-…" (e.g. ${elbv2.SslPolicy.TLS13_RES}, ${elbv2.SslPolicy.TLS13_12_RES_PQ})`);
    }
    const hstsSeconds = props.hstsMaxAge.toSeconds();
    if (hstsSeconds < 31536000) problems.push(`hstsMaxAge: got ${hstsSeconds} seconds; allowed: at least one year (31536000), as HSTS preload lists require`);
    if (!Number.isInteger(props.appPort) || props.appPort < 1 || props.appPort > 65535) problems.push(`appPort: got ${props.appPort}; allowed: 1 to 65535`);
    if (!props.healthCheckPath.startsWith('/')) problems.push(`healthCheckPath: got ${JSON.stringify(props.healthCheckPath)}; allowed: a path starting with "/"`);
    if (problems.length > 0) throw new Error(`${this.node.path}: invalid load balancer settings:\n  - ${problems.join('\n  - ')}`);

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      internetFacing: true,
      securityGroup: props.securityGroup,
      deletionProtection: true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      http2Enabled: true,
    });
    // If WAF is unreachable, refuse traffic rather than let it through uninspected. This is the
    // service default; stating it keeps it visible in the template.
    this.loadBalancer.setAttribute('waf.fail_open.enabled', 'false');
    this.loadBalancer.logAccessLogs(props.accessLogBucket, ALB_LOG_PREFIXES.access);
    this.loadBalancer.logConnectionLogs(props.accessLogBucket, ALB_LOG_PREFIXES.connection);

    // HTTP stays inside the VPC, between security groups that admit only the ALB: TLS ends at the
    // ALB (where WAF and mutual TLS need the plaintext), and the default container serves HTTP.
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'AppTargets', {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: props.appPort,
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: props.healthCheckPath,
        protocol: elbv2.Protocol.HTTP,
        healthyHttpCodes: '200-399',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });

    const forward = elbv2.ListenerAction.forward([this.targetGroup]);
    this.httpsListener = this.loadBalancer.addListener('Https', {
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: 443,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(props.certificate)],
      // The policy name comes from configuration; the enum only lists names known to this CDK version.
      sslPolicy: props.sslPolicy as elbv2.SslPolicy,
      mutualAuthentication: props.mutualAuthentication,
      defaultAction: props.authenticate ? props.authenticate(forward) : forward,
      // The network tier owns the security group's rules.
      open: false,
    });
    (this.httpsListener.node.defaultChild as elbv2.CfnListener).listenerAttributes = [
      {
        key: 'routing.http.response.strict_transport_security.header_value',
        value: `max-age=${hstsSeconds}; includeSubDomains; preload`,
      },
    ];

    this.httpListener = this.loadBalancer.addListener('HttpRedirect', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: 80,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      open: false,
    });
    // The ACM-certificate rules look at every listener, including this redirect-only one.
    const redirectOnly =
      'This port-80 listener only answers 301 to the same URL on https://; it serves no content, and an HTTP listener cannot hold a certificate. The HTTPS listener on 443 uses the ACM certificate.';
    Validations.of(this.httpListener.node.defaultChild as elbv2.CfnListener).acknowledge(
      { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: redirectOnly },
      { id: 'HIPAA.Security-ELBv2ACMCertificateRequired', reason: redirectOnly },
      { id: 'PCI.DSS.321-ELBv2ACMCertificateRequired', reason: redirectOnly },
    );
  }
}
