import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { SUBNET_TIERS } from './tiered-vpc';

export interface ServiceEndpointsProps {
  readonly vpc: ec2.IVpc;
  readonly securityGroup: ec2.ISecurityGroup;
}

/** AWS services the workloads use, reached privately so the firewall's egress allowlist stays short (NET-6). */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'kms', 'sts', 'monitoring'] as const;

export class ServiceEndpoints extends Construct {
  constructor(scope: Construct, id: string, props: ServiceEndpointsProps) {
    super(scope, id);
    props.vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetGroupName: SUBNET_TIERS.app }, { subnetGroupName: SUBNET_TIERS.data }],
    });
    // The IP blocker's table: a gateway endpoint costs nothing and keeps its calls off the internet path.
    props.vpc.addGatewayEndpoint('DynamoDb', {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [{ subnetGroupName: SUBNET_TIERS.app }],
    });
    for (const name of INTERFACE_ENDPOINT_SERVICES) {
      props.vpc.addInterfaceEndpoint(name.replace('.', '-'), {
        service: new ec2.InterfaceVpcEndpointAwsService(name),
        subnets: { subnetGroupName: SUBNET_TIERS.app },
        securityGroups: [props.securityGroup],
        privateDnsEnabled: true,
        open: false,
      });
    }
  }
}
