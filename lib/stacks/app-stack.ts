import { Arn, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_DATABASE_NAME, RDS_CA_BUNDLE_PATH, contractSettings, uploadBucketParameterName } from '../app-tier/app-contract';
import { AppLogGroup } from '../app-tier/app-log-group';
import { AppService } from '../app-tier/app-service';
import { containerImageFrom } from '../app-tier/container-image';
import { HardenedTaskDefinition, NGINX_UNPRIVILEGED_USER, STOP_TIMEOUT } from '../app-tier/hardened-task-definition';
import { REFERENCE_APP, REFERENCE_IMAGE, referenceAppImage } from '../app-tier/reference-app/image';
import { RecycleSchedule } from '../app-tier/recycle-schedule';
import { HardenedConfig } from '../config/types';
import { retainedName } from '../config/retained-name';

export interface AppStackProps extends StackProps {
  readonly config: HardenedConfig;
  /** VPC with the private 'App' subnet group. */
  readonly vpc: ec2.IVpc;
  /** Security group of the tasks (ingress only from the ALB's group); used as is. */
  readonly appSecurityGroup: ec2.ISecurityGroup;
  /** ALB target group (IP targets on the app port) the tasks register with. */
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  /** The application user's database credentials (DataStack.appDatabaseSecret), injected into the container as secrets. */
  readonly databaseSecret: secretsmanager.ISecret;
  /**
   * User the container runs as; must suit `config.app.image`.
   * @default - '1000' for the reference application, otherwise '101' (nginx-unprivileged)
   */
  readonly containerUser?: string;
}

/**
 * The app tier (APP-1, APP-2, APP-3): a hardened multi-AZ Fargate service behind the ALB, whose
 * containers are replaced on a schedule. Stateless apart from its retained log group, dead-letter
 * queue and their keys.
 */
export class AppStack extends Stack {
  public readonly cluster: ecs.Cluster;
  public readonly service: ecs.FargateService;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly logGroup: logs.LogGroup;
  public readonly recycle: RecycleSchedule;
  public readonly recycleSchedule: scheduler.Schedule;
  public readonly recycleDeadLetterQueue: sqs.Queue;
  /** The recycle schedule's own group: the ScheduleGroup dimension of its `AWS/Scheduler` metrics. */
  public readonly recycleScheduleGroup: scheduler.ScheduleGroup;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config } = props;
    const app = config.app;

    const appLogs = new AppLogGroup(this, 'Logs', {
      logGroupName: retainedName(config, `/${config.projectName}/app`),
      retentionDays: config.logs.appLogRetentionDays,
      keyAlias: `${config.projectName}/app-logs`,
    });
    this.logGroup = appLogs.logGroup;

    // `reference`: the repository's reference application (lib/app-tier/reference-app), which
    // answers liveness apart from readiness; anything else is an image the team brings.
    const reference = app.image === REFERENCE_IMAGE;
    const uploadBucketParameter = uploadBucketParameterName(config.projectName);
    const task = new HardenedTaskDefinition(this, 'Task', {
      image: reference ? referenceAppImage() : containerImageFrom(this, 'Repository', app.image),
      containerPort: app.containerPort,
      cpu: app.cpu,
      memoryLimitMiB: app.memoryMiB,
      healthCheckPath: app.healthCheckPath,
      logGroup: this.logGroup,
      databaseSecret: props.databaseSecret,
      user: props.containerUser ?? (reference ? REFERENCE_APP.user : NGINX_UNPRIVILEGED_USER),
      ...(reference ? { livenessPath: REFERENCE_APP.livenessPath, writablePaths: REFERENCE_APP.writablePaths } : {}),
      // The application contract (app-contract.ts): what every image is told, used or not.
      settings: contractSettings({
        containerPort: app.containerPort,
        livenessPath: reference ? REFERENCE_APP.livenessPath : app.healthCheckPath,
        readinessPath: app.healthCheckPath,
        shutdownGraceSeconds: STOP_TIMEOUT.toSeconds(),
        databaseName: DEFAULT_DATABASE_NAME,
        caBundlePath: RDS_CA_BUNDLE_PATH,
        uploadBucketParameterName: uploadBucketParameter,
        maxUploadBytes: config.files.maxUploadBytes,
        allowedContentTypes: config.files.allowedContentTypes,
        uploadUrlExpirySeconds: config.files.uploadUrlExpirySeconds,
      }),
    });
    this.taskDefinition = task.taskDefinition;
    // The upload bucket's name, written by the Files stack (which deploys after this one), read
    // by the application when it signs its first upload. Signing itself needs s3:PutObject on the
    // upload prefix, which the Files stack grants this role.
    task.taskDefinition.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadTheUploadBucketName',
        actions: ['ssm:GetParameter'],
        resources: [Arn.format({ service: 'ssm', resource: 'parameter', resourceName: uploadBucketParameter.slice(1) }, this)],
      }),
    );

    const appService = new AppService(this, 'App', {
      vpc: props.vpc,
      securityGroup: props.appSecurityGroup,
      task,
      targetGroup: props.targetGroup,
      desiredCount: app.desiredCount,
      minCount: app.minCount,
      maxCount: app.maxCount,
    });
    this.cluster = appService.cluster;
    this.service = appService.service;

    this.recycle = new RecycleSchedule(this, 'Recycle', {
      cluster: this.cluster,
      service: this.service,
      scheduleExpression: app.recycleSchedule,
      timeZone: app.recycleTimeZone,
      keyAlias: `${config.projectName}/app-recycle-dlq`,
    });
    this.recycleSchedule = this.recycle.schedule;
    this.recycleDeadLetterQueue = this.recycle.deadLetterQueue;
    this.recycleScheduleGroup = this.recycle.scheduleGroup;
  }
}
