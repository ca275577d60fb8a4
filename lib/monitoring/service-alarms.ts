import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { AlarmThresholds } from './thresholds';

const ONE_MINUTE = Duration.minutes(1);

/**
 * Metric factory of the Fargate service: task counts from Container Insights
 * (`ECS/ContainerInsights`, which the cluster must have enabled), CPU and memory from `AWS/ECS`.
 */
export class ServiceMetrics {
  private readonly dimensions: Record<string, string>;

  constructor(
    cluster: ecs.ICluster,
    private readonly service: ecs.FargateService,
  ) {
    this.dimensions = { ClusterName: cluster.clusterName, ServiceName: service.serviceName };
  }

  public runningTasks(): cloudwatch.Metric {
    return this.insights('RunningTaskCount', 'Minimum', 'Running tasks');
  }

  public desiredTasks(): cloudwatch.Metric {
    return this.insights('DesiredTaskCount', 'Maximum', 'Desired tasks');
  }

  /**
   * Tasks missing: min(desired, `normalCount`) − running. Capping at the normal count keeps a
   * scale-out that is still starting tasks from paging; scale-in below it lowers the bar.
   */
  public tasksShort(normalCount: number): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: `IF(desired > ${normalCount}, ${normalCount}, desired) - FILL(running, 0)`,
      usingMetrics: { desired: this.desiredTasks(), running: this.runningTasks() },
      period: ONE_MINUTE,
      label: 'Tasks short of desired',
    });
  }

  public cpu(): cloudwatch.Metric {
    return this.service.metricCpuUtilization({ period: ONE_MINUTE, statistic: 'Average', label: 'CPU %' });
  }

  public memory(): cloudwatch.Metric {
    return this.service.metricMemoryUtilization({ period: ONE_MINUTE, statistic: 'Average', label: 'Memory %' });
  }

  private insights(metricName: string, statistic: string, label: string): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: 'ECS/ContainerInsights', metricName, dimensionsMap: this.dimensions, statistic, period: ONE_MINUTE, label });
  }
}

export interface ServiceAlarmsProps {
  readonly metrics: ServiceMetrics;
  readonly alarms: AlarmFactory;
  readonly thresholds: AlarmThresholds;
  /** Tasks the service runs normally (one per AZ by default). */
  readonly desiredTaskCount: number;
}

/** MON-2: the Fargate service. */
export class ServiceAlarms extends Construct {
  public readonly tasksBelowDesired: cloudwatch.Alarm;
  /** Customer impact: not one task runs (part of the service-down composite). */
  public readonly noRunningTasks: cloudwatch.Alarm;
  /** Container Insights stopped reporting the service: the task-count alarms are blind. */
  public readonly taskCountsSilent: cloudwatch.Alarm;
  public readonly cpuHigh: cloudwatch.Alarm;
  public readonly memoryHigh: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const { metrics, alarms, thresholds } = props;
    if (!Number.isInteger(props.desiredTaskCount) || props.desiredTaskCount < 1) {
      throw new Error(`desiredTaskCount must be a whole number of at least 1, got ${props.desiredTaskCount}.`);
    }

    // Critical within 180 s: one 60 s datapoint + 60 s publication + 60 s cadence, so 1 of N.
    this.tasksBelowDesired = alarms.addAlarm(this, 'TasksBelowDesired', {
      name: 'ecs-tasks-below-desired',
      description: `Fewer tasks RUNNING than desired (capped at ${props.desiredTaskCount}) in a minute: tasks crash, fail to start or were stopped. Check the service events and stopped-task reasons.`,
      metric: metrics.tasksShort(props.desiredTaskCount),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // Container Insights publishes the counts (0 included) while the service exists; its
      // silence is `ecs-task-counts-silent`'s case, judged over the evaluation range.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 1,
      // 1 of 2: stays in ALARM a minute after the tasks are back, long enough for a drill to see it.
      evaluationPeriods: 2,
      critical: true,
    });
    this.noRunningTasks = alarms.addAlarm(this, 'NoRunningTasks', {
      name: 'ecs-no-running-tasks',
      description: 'Not one task of the service was RUNNING in a minute: every request fails. Page the on-call; check the service events and the last stopped-task reasons.',
      metric: metrics.runningTasks(),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 1,
      evaluationPeriods: 2,
      critical: true,
    });
    this.taskCountsSilent = alarms.addAlarm(this, 'TaskCountsSilent', {
      name: 'ecs-task-counts-silent',
      description: 'Container Insights published no desired-task count: the service is gone or Container Insights is off, and the task-count alarms are blind. Check the cluster setting and the service.',
      metric: metrics.desiredTasks(),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // The point of this alarm: silence is the failure (fires once the evaluation range holds no real datapoint).
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      datapointsToAlarm: 1,
    });
    this.cpuHigh = alarms.addAlarm(this, 'CpuHigh', {
      name: 'ecs-cpu-high',
      description: `Service CPU above ${thresholds.serviceCpuPercent} % in 3 of 4 minutes. Check auto scaling and recent deployments.`,
      metric: metrics.cpu(),
      threshold: thresholds.serviceCpuPercent,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // Tasks that stop reporting are caught by the task-count alarm.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 3,
      evaluationPeriods: 4,
    });
    this.memoryHigh = alarms.addAlarm(this, 'MemoryHigh', {
      name: 'ecs-memory-high',
      description: `Service memory above ${thresholds.serviceMemoryPercent} % in 3 of 4 minutes: tasks risk being killed (OOM). Check for leaks and the task size.`,
      metric: metrics.memory(),
      threshold: thresholds.serviceMemoryPercent,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 3,
      evaluationPeriods: 4,
    });
  }
}
