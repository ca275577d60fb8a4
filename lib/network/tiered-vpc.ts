import { Fn, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TIER_TAG } from '../core/tier-tag';

/** Subnet tiers; the tag `hardened:tier` (TIER_TAG) carries them into the template for the rule pack (NET-3, NET-4). */
export const SUBNET_TIERS = { firewall: 'Firewall', public: 'Public', app: 'App', data: 'Data' } as const;

export interface TieredVpcProps {
  readonly cidr: string;
  readonly maxAzs: number;
  /** Where flow logs go (LOG-4): the log archive bucket and its prefix. */
  readonly flowLogBucket: s3.IBucket;
  readonly flowLogPrefix: string;
}

/**
 * A VPC with four tiers per AZ: firewall subnets (the Network Firewall endpoints, the only
 * subnets routed to the internet gateway), public subnets (ALB, NAT), private app subnets and
 * isolated data subnets. Routing through the firewall is wired by InspectionFirewall.
 */
export class TieredVpc extends Construct {
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: TieredVpcProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs: props.maxAzs,
      natGateways: props.maxAzs,
      natGatewaySubnets: { subnetGroupName: SUBNET_TIERS.public },
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        // Isolated as far as the L2 is concerned: InspectionFirewall adds their only route, to the IGW.
        { name: SUBNET_TIERS.firewall, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
        { name: SUBNET_TIERS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: SUBNET_TIERS.app, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: SUBNET_TIERS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: {
        Archive: {
          destination: ec2.FlowLogDestination.toS3(props.flowLogBucket, `${props.flowLogPrefix}/`),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
    for (const [tier, group] of Object.entries(SUBNET_TIERS)) {
      for (const subnet of this.subnets(group).subnets) Tags.of(subnet).add(TIER_TAG, tier);
    }
  }

  /**
   * The NAT gateways' Elastic IPs as `a.b.c.d/32` (tokens): the addresses every outbound
   * connection of the app tier comes from, one per AZ. `ec2.Vpc` creates each under its public
   * subnet as `EIP`; reading them there keeps their logical ids unchanged.
   */
  public natGatewayCidrs(): string[] {
    return this.subnets(SUBNET_TIERS.public)
      .subnets.map((subnet) => subnet.node.tryFindChild('EIP'))
      .filter((eip): eip is ec2.CfnEIP => eip instanceof ec2.CfnEIP)
      .map((eip) => Fn.join('', [eip.attrPublicIp, '/32']));
  }

  public subnets(group: (typeof SUBNET_TIERS)[keyof typeof SUBNET_TIERS]): ec2.SelectedSubnets {
    return this.vpc.selectSubnets({ subnetGroupName: group });
  }
}
