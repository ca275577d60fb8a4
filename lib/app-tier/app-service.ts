import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { SUBNET_TIERS } from '../network/tiered-vpc';
import { HardenedTaskDefinition } from './hardened-task-definition';

/** Fewer running tasks than this cannot survive the loss of an AZ (APP-1). */
export const MIN_APP_TASKS = 2;

export interface AppServiceProps {
  /** VPC whose private 'App' subnets the tasks run in. */
  readonly vpc: ec2.IVpc;
  /**
   * Security group of the tasks. Used as given: this construct adds no rule to it (the network
   * stack admits the ALB's group on the app port only).
   */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The task definition and its container. */
  readonly task: HardenedTaskDefinition;
  /** ALB target group (IP targets) the tasks register with; its health check gates deployments. */
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  /** Tasks running normally (one per AZ by default). At least 2. */
  readonly desiredCount: number;
  /** Floor of auto scaling. At least 2. */
  readonly minCount: number;
  /** Ceiling of auto scaling. At least `desiredCount`. */
  readonly maxCount: number;
  /**
   * Average CPU utilisation auto scaling keeps the service at.
   * @default 60
   */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * Seconds the ALB's health checks are ignored after a task starts.
   * @default Duration.seconds(60)
   */
  readonly healthCheckGracePeriod?: Duration;
}

/**
 * The app tier's ECS cluster and Fargate service (APP-1, APP-3): tasks spread over the 'App'
 * subnets of every AZ with rebalancing, no public IP, registered with the ALB's target group,
 * deployments that start new tasks before stopping old ones (100 % / 200 %) and roll back on
 * failure, and CPU target tracking between `minCount` and `maxCount`.
 */
export class AppService extends Construct {
  public readonly cluster: ecs.Cluster;
  public readonly service: ecs.FargateService;
  public readonly scaling: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    validate(props);
    const subnets = props.vpc.selectSubnets({ subnetGroupName: SUBNET_TIERS.app });
    this.node.addValidation({
      validate: () =>
        subnets.availabilityZones.length >= MIN_APP_TASKS
          ? []
          : [`The '${SUBNET_TIERS.app}' subnets span ${subnets.availabilityZones.length} AZ(s); APP-1 needs at least ${MIN_APP_TASKS}.`],
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: props.task.taskDefinition,
      desiredCount: props.desiredCount,
      // A deployment (a release or a scheduled recycle) starts the replacement tasks first and
      // stops old ones only once the new ones are healthy: running capacity never drops.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      availabilityZoneRebalancing: ecs.AvailabilityZoneRebalancing.ENABLED,
      vpcSubnets: { subnetGroupName: SUBNET_TIERS.app },
      assignPublicIp: false,
      securityGroups: [props.securityGroup],
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      healthCheckGracePeriod: props.healthCheckGracePeriod ?? Duration.seconds(60),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
      enableExecuteCommand: false,
    });

    // Registered directly rather than through `attachToApplicationTargetGroup`, which would also
    // open the load balancer's security group to the tasks: the network stack owns those rules.
    this.service.loadBalancers = [
      {
        targetGroupArn: props.targetGroup.targetGroupArn,
        containerName: props.task.container.containerName,
        containerPort: props.task.containerPort,
      },
    ];
    this.service.node.addDependency(props.targetGroup.loadBalancerAttached);

    this.scaling = this.service.autoScaleTaskCount({ minCapacity: props.minCount, maxCapacity: props.maxCount });
    this.scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: props.targetCpuUtilizationPercent ?? 60,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.minutes(5),
    });
  }
}

function validate(props: AppServiceProps): void {
  const problems: string[] = [];
  const { desiredCount, minCount, maxCount } = props;
  for (const [name, value] of Object.entries({ desiredCount, minCount, maxCount })) {
    if (!Number.isInteger(value) || value < MIN_APP_TASKS) {
      problems.push(`${name} is ${value}; it must be an integer ≥ ${MIN_APP_TASKS} so the service survives the loss of an AZ (APP-1).`);
    }
  }
  if (desiredCount < minCount || desiredCount > maxCount) {
    problems.push(`desiredCount ${desiredCount} must lie between minCount ${minCount} and maxCount ${maxCount}.`);
  }
  const cpu = props.targetCpuUtilizationPercent;
  if (cpu !== undefined && (cpu < 10 || cpu > 90)) {
    problems.push(`targetCpuUtilizationPercent ${cpu} must be within 10–90.`);
  }
  if (problems.length > 0) {
    throw new Error(`AppService: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
}
