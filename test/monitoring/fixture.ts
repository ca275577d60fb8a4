import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { useManagedPolicies } from '../../lib/core/aspects/managed-policies';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { HardenedConfig } from '../../lib/config/types';
import { ReplicaLagMonitoring } from '../../lib/monitoring/replica-lag-monitoring';
import { AlertingStack } from '../../lib/stacks/alerting-stack';
import { MonitoringStack } from '../../lib/stacks/monitoring-stack';
import { standInApp } from '../support/context';

export const ACCOUNT = '123456789012';
export const PRIMARY_REGION = 'ap-northeast-1';
export const DR_REGION = 'ap-northeast-3';
export const FIREWALL_NAME = 'hardened-inspection';
export const WEB_ACL_NAME = 'hardened-web-acl';
export const PUBLIC_URL = 'https://app.example.com/';

export interface MonitoringFixture {
  readonly app: App;
  readonly config: HardenedConfig;
  readonly standIns: StandIns;
  readonly alerting: AlertingStack;
  readonly monitoring: MonitoringStack;
  readonly dr: Stack;
  readonly replicaLag: ReplicaLagMonitoring;
}

/** Minimal stand-ins for what the other stacks hand over (their classes are not used on purpose). */
export interface StandIns {
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly database: rds.DatabaseInstance;
  readonly blocker: lambda.Function;
  readonly blockerDlq: sqs.Queue;
  readonly blockerReconciler: lambda.Function;
  readonly filesMover: lambda.Function;
  readonly filesDlq: sqs.Queue;
  readonly recycleDlq: sqs.Queue;
  readonly alertCopyDlq: sqs.Queue;
  readonly alertCopy: lambda.Function;
  readonly accessLogs: s3.Bucket;
  /** The app tier's security group, secret, its key and the VPC functions' shared policy (the database probe). */
  readonly appSecurityGroup: ec2.SecurityGroup;
  readonly appSecret: secretsmanager.Secret;
  readonly databaseKey: kms.Key;
  readonly vpcFunctionActions: iam.ManagedPolicy;
}

export const TEST_CONFIG: HardenedConfig = {
  ...DEFAULT_CONFIG,
  monitoring: { alarmEmails: ['oncall@example.com'], alarmHttpsEndpoints: ['https://hooks.example.com/alarms'] },
};

function buildStandIns(app: App): StandIns {
  const stack = new Stack(app, 'StandIns', { env: { account: ACCOUNT, region: PRIMARY_REGION } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, vpcSubnets: { subnetGroupName: 'Public' } });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 });
  taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine'), portMappings: [{ containerPort: 8080 }] });
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, desiredCount: 3,
    minHealthyPercent: 100,
    circuitBreaker: { rollback: true },
    vpcSubnets: { subnetGroupName: 'App' },
  });
  const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Targets', { vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service] });
  loadBalancer.addListener('Http', { port: 80, defaultTargetGroups: [targetGroup] });
  const database = new rds.DatabaseInstance(stack, 'Database', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_6 }),
    vpc,
    vpcSubnets: { subnetGroupName: 'Data' },
    instanceIdentifier: 'hardened-db',
    multiAz: true,
    storageEncrypted: true,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const blocker = new lambda.Function(stack, 'Blocker', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => undefined;'),
    timeout: Duration.seconds(10),
  });
  const blockerDlq = new sqs.Queue(stack, 'BlockerDlq');
  const inline = (id: string) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => undefined;'),
      timeout: Duration.seconds(10),
    });
  const blockerReconciler = inline('BlockerReconciler');
  const filesMover = inline('FilesMover');
  const filesDlq = new sqs.Queue(stack, 'FilesDlq');
  const recycleDlq = new sqs.Queue(stack, 'RecycleDlq');
  const alertCopyDlq = new sqs.Queue(stack, 'AlertCopyDlq');
  const alertCopy = new lambda.Function(stack, 'AlertCopy', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => undefined;'),
    timeout: Duration.seconds(10),
  });
  const accessLogs = new s3.Bucket(stack, 'AccessLogs');
  const appSecurityGroup = new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc, allowAllOutbound: false });
  const databaseKey = new kms.Key(stack, 'DatabaseKey');
  const appSecret = new secretsmanager.Secret(stack, 'AppSecret', { encryptionKey: databaseKey });
  const vpcFunctionActions = new iam.ManagedPolicy(stack, 'VpcFunctionActions', {
    statements: [new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface'], resources: ['*'] })],
  });
  return {
    stack, vpc, loadBalancer, targetGroup, cluster, service, database, blocker, blockerDlq, blockerReconciler, filesMover, filesDlq, recycleDlq, alertCopyDlq, alertCopy, accessLogs,
    appSecurityGroup, appSecret, databaseKey, vpcFunctionActions,
  };
}

/** The IP blocker's evictions as `IpBlocker.metricEvictions()` names them. */
export const EVICTIONS = new cloudwatch.Metric({ namespace: 'HardenedStack/IpBlocker', metricName: 'Evicted', dimensionsMap: { Function: 'blocker' }, statistic: 'Sum', period: Duration.minutes(1), label: 'Blocks evicted (IP set full)' });

/** One app: the stand-ins, the alerting and monitoring stacks, and a DR-region stack with ReplicaLagMonitoring. Build once per test file. */
export function buildMonitoringFixture(config: HardenedConfig = TEST_CONFIG): MonitoringFixture {
  // Schema validation runs once, on the shared default assembly (test/stack); here it only costs time.
  const app = standInApp();
  const standIns = buildStandIns(app);
  const alerting = new AlertingStack(app, 'Alerting', { env: { account: ACCOUNT, region: PRIMARY_REGION }, config });
  const monitoring = new MonitoringStack(app, 'Monitoring', {
    env: { account: ACCOUNT, region: PRIMARY_REGION },
    config,
    alerting,
    loadBalancer: standIns.loadBalancer,
    targetGroup: standIns.targetGroup,
    publicUrl: PUBLIC_URL,
    cluster: standIns.cluster,
    service: standIns.service,
    desiredTaskCount: config.app.desiredCount,
    minHealthyTasks: config.app.minCount,
    database: standIns.database,
    databaseProbe: {
      vpc: standIns.vpc,
      subnets: { subnetGroupName: 'App' },
      securityGroup: standIns.appSecurityGroup,
      secret: standIns.appSecret,
      secretKey: standIns.databaseKey,
      databaseName: 'postgres',
      resourcelessActions: standIns.vpcFunctionActions,
    },
    firewallName: FIREWALL_NAME,
    webAclName: WEB_ACL_NAME,
    blockerFunction: standIns.blocker,
    blockerDeadLetterQueue: standIns.blockerDlq,
    blockerReconcilerFunction: standIns.blockerReconciler,
    blockerEvictions: EVICTIONS,
    receivedFiles: { moverFunction: standIns.filesMover, deadLetterQueue: standIns.filesDlq },
    recycleDeadLetterQueue: standIns.recycleDlq,
    alertCopyDeadLetterQueue: standIns.alertCopyDlq,
    alertCopyFunction: standIns.alertCopy,
    recycleScheduleName: 'hardened-recycle',
    appSubnets: standIns.vpc.selectSubnets({ subnetGroupName: 'App' }).subnets,
    accessLogBucket: standIns.accessLogs,
  });
  useManagedPolicies(alerting);
  useManagedPolicies(monitoring);

  const dr = new Stack(app, 'Dr', { env: { account: ACCOUNT, region: DR_REGION } });
  const replica = rds.DatabaseInstance.fromDatabaseInstanceAttributes(dr, 'Replica', {
    instanceIdentifier: 'hardened-db-replica',
    instanceEndpointAddress: 'hardened-db-replica.example.ap-northeast-3.rds.amazonaws.com',
    port: 5432,
    securityGroups: [],
  });
  const replicaLag = new ReplicaLagMonitoring(dr, 'ReplicaLag', {
    replica,
    namePrefix: config.projectName,
    alarmEmails: config.monitoring.alarmEmails,
    alarmHttpsEndpoints: config.monitoring.alarmHttpsEndpoints,
  });
  useManagedPolicies(dr);
  return { app, config, standIns, alerting, monitoring, dr, replicaLag };
}
