import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';

export interface SiteDnsProps {
  /** The site's name (the certificate's subject), inside `zoneName`. */
  readonly domainName: string;
  readonly hostedZoneId: string;
  readonly zoneName: string;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The load balancer also serves IPv6 (ip address type dualstack): add the AAAA alias. */
  readonly dualStack: boolean;
}

/**
 * The site's name in its Route 53 zone, as alias records to the load balancer: A always, AAAA
 * when the load balancer is dual-stack. The zone is taken from its attributes, never looked up,
 * so synthesis stays offline. Alias records to an ALB follow its addresses and cost nothing per
 * query (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-to-elb-load-balancer.html).
 *
 * Customers, the sign-in callback (pattern ≥ 1) and the canary all use this name.
 */
export class SiteDns extends Construct {
  public readonly zone: route53.IHostedZone;
  public readonly ipv4: route53.ARecord;
  public readonly ipv6?: route53.AaaaRecord;

  constructor(scope: Construct, id: string, props: SiteDnsProps) {
    super(scope, id);
    const inZone = props.domainName === props.zoneName || props.domainName.endsWith(`.${props.zoneName}`);
    if (!inZone) throw new Error(`${this.node.path}: domainName "${props.domainName}" is not inside the hosted zone "${props.zoneName}"; give a name in that zone.`);
    this.zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: props.hostedZoneId, zoneName: props.zoneName });
    const target = route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(props.loadBalancer));
    const recordName = `${props.domainName}.`;
    this.ipv4 = new route53.ARecord(this, 'Ipv4', { zone: this.zone, recordName, target, comment: 'The site, to its load balancer' });
    if (props.dualStack) {
      this.ipv6 = new route53.AaaaRecord(this, 'Ipv6', { zone: this.zone, recordName, target, comment: 'The site over IPv6, to its load balancer' });
    }
  }
}
