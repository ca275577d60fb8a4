import { Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SUBNET_TIERS } from './tiered-vpc';
import { encryptedLogGroup } from '../core/encrypted-log-group';
import { TIER_TAG } from '../core/tier-tag';

export interface DrNetworkProps {
  /** CIDR of the DR VPC; must not overlap the primary VPC (checked by the configuration). */
  readonly cidr: string;
  /** Availability zones used, 2 or 3. */
  readonly maxAzs: number;
  /** The DR region's key; encrypts the flow log group. */
  readonly encryptionKey: kms.Key;
  /** Name of the flow log group (fixed so the key policy can name it). */
  readonly flowLogGroupName: string;
  /** Days flow logs are kept (LOG-1: 1096). */
  readonly flowLogRetentionDays: number;
}

/**
 * The DR region's network for the read replica (NET-4, LOG-4): isolated subnets only (no internet
 * gateway, no NAT), the default security group emptied, and flow logs in a KMS-encrypted
 * CloudWatch log group kept 3 years. The DR region has no S3 log archive, hence CloudWatch.
 */
export class DrNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  public readonly flowLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DrNetworkProps) {
    super(scope, id);
    if (props.maxAzs < 2 || props.maxAzs > 3) {
      throw new Error(`network.maxAzs ${props.maxAzs} is outside 2-3: the replica's subnet group needs at least two availability zones.`);
    }
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs: props.maxAzs,
      natGateways: 0,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [{ name: SUBNET_TIERS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    // Same tier tag as the primary's data subnets, for the project's rule pack.
    for (const subnet of this.vpc.isolatedSubnets) Tags.of(subnet).add(TIER_TAG, 'data');
    this.flowLogGroup = encryptedLogGroup(this, 'FlowLogs', {
      logGroupName: props.flowLogGroupName,
      encryptionKey: props.encryptionKey,
      retentionDays: props.flowLogRetentionDays,
    });
    // The delivery role's permissions live in a customer-managed policy (the rule packs reject
    // inline policies); the destination gets a role it cannot add an inline policy to.
    const deliveryRole = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
      description: 'Delivers the DR VPC flow logs to their log group',
    });
    const deliveryPolicy = new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      description: 'Write DR VPC flow logs to their log group only',
      roles: [deliveryRole],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.flowLogGroup.logGroupArn],
        }),
      ],
    });
    const flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup, deliveryRole.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    // Deliveries start at once: the role must already hold its permissions.
    flowLog.node.addDependency(deliveryPolicy);
  }
}
