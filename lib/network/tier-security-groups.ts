import { Names, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface TierSecurityGroupsProps {
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR as a literal (rule packs cannot judge a token). */
  readonly vpcCidr: string;
  /** Port the application containers listen on. */
  readonly appPort: number;
  /** Port the database listens on (data.port): the only port the app tier opens towards the data tier. */
  readonly databasePort: number;
  /**
   * Sources allowed to reach the load balancer. Empty: the whole internet (filtered by the
   * firewall and WAF). Pattern 3 narrows it to the site allowlist.
   */
  readonly siteAllowlist: readonly string[];
  /**
   * The stack's own IPv4 `/32` sources (tokens) admitted with the site allowlist: the NAT
   * addresses the canary probes from in pattern 3. Ignored when `siteAllowlist` is empty.
   * @default []
   */
  readonly ownSources?: readonly string[];
  /** The ALB signs users in (pattern ≥ 1): it must reach Cognito's token endpoint over HTTPS. */
  readonly albSignsIn: boolean;
}

/**
 * Security groups by tier, wired by reference (NET-4): internet → ALB → app → (data, in the data
 * stack). Nothing has all-outbound: each tier may open only the next hop.
 */
export class TierSecurityGroups extends Construct {
  public readonly alb: ec2.SecurityGroup;
  public readonly app: ec2.SecurityGroup;
  public readonly endpoints: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: TierSecurityGroupsProps) {
    super(scope, id);
    const { vpc, vpcCidr } = props;
    this.alb = new ec2.SecurityGroup(this, 'Alb', { vpc, allowAllOutbound: false, description: 'Internet-facing ALB: HTTPS and HTTP (redirect) in, app port out' });
    this.app = new ec2.SecurityGroup(this, 'App', { vpc, allowAllOutbound: false, description: 'App tasks: from the ALB only; out to HTTPS (via firewall) and the database' });
    this.endpoints = new ec2.SecurityGroup(this, 'Endpoints', { vpc, allowAllOutbound: false, description: 'Interface VPC endpoints: HTTPS from inside the VPC' });

    const sources = props.siteAllowlist.length > 0 ? props.siteAllowlist.map(sourcePeer) : [ec2.Peer.anyIpv4()];
    const ownSources = props.siteAllowlist.length > 0 ? (props.ownSources ?? []) : [];
    if (ownSources.length > 0) {
      // Addresses known only at deploy time go into a prefix list: a rule then names the list, not
      // a CIDR token the rule packs could not judge.
      const own = new ec2.CfnPrefixList(this, 'OwnSources', {
        prefixListName: `${Names.uniqueResourceName(this, { maxLength: 200 })}-own-sources`,
        addressFamily: 'IPv4',
        maxEntries: ownSources.length,
        entries: ownSources.map((cidr) => ({ cidr, description: 'NAT gateway of this VPC (the canary probes from here)' })),
      });
      sources.push(ec2.Peer.prefixList(own.attrPrefixListId));
    }
    for (const source of sources) {
      this.alb.addIngressRule(source, ec2.Port.tcp(443), 'HTTPS from clients');
      this.alb.addIngressRule(source, ec2.Port.tcp(80), 'HTTP from clients, redirected to HTTPS');
    }
    if (props.siteAllowlist.length === 0) {
      Validations.of(this.alb).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'The public site must accept clients from the internet on 80/443 only; traffic is inspected by Network Firewall and WAF first. Authentication pattern 3 replaces 0.0.0.0/0 with the site allowlist.',
      });
    }
    this.alb.connections.allowTo(this.app, ec2.Port.tcp(props.appPort), 'ALB to app tasks');
    if (props.albSignsIn) {
      this.alb.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Cognito token and user-info endpoints (through the firewall allowlist)');
    }
    this.app.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS out: VPC endpoints, and allowlisted domains through NAT and the firewall');
    this.app.addEgressRule(ec2.Peer.ipv4(vpcCidr), ec2.Port.tcp(props.databasePort), 'PostgreSQL in the data tier');
    this.endpoints.addIngressRule(ec2.Peer.ipv4(vpcCidr), ec2.Port.tcp(443), 'HTTPS from inside the VPC');
  }
}

function sourcePeer(cidr: string): ec2.IPeer {
  return cidr.includes(':') ? ec2.Peer.ipv6(cidr) : ec2.Peer.ipv4(cidr);
}
