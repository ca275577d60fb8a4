import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { AlarmThresholds } from './thresholds';

const NAMESPACE = 'AWS/ApplicationELB';
const ONE_MINUTE = Duration.minutes(1);

/** Metric factory of the public ALB and its target group (AWS/ApplicationELB, reported every minute). */
export class LoadBalancerMetrics {
  private readonly lb: Record<string, string>;
  private readonly tg: Record<string, string>;

  constructor(loadBalancer: elbv2.ApplicationLoadBalancer, targetGroup: elbv2.ApplicationTargetGroup) {
    this.lb = { LoadBalancer: loadBalancer.loadBalancerFullName };
    this.tg = { LoadBalancer: loadBalancer.loadBalancerFullName, TargetGroup: targetGroup.targetGroupFullName };
  }

  public requests(period: Duration = ONE_MINUTE): cloudwatch.Metric {
    return this.metric('RequestCount', this.lb, 'Sum', period, 'Requests');
  }

  public elb5xx(period: Duration = ONE_MINUTE): cloudwatch.Metric {
    return this.metric('HTTPCode_ELB_5XX_Count', this.lb, 'Sum', period, '5xx from the load balancer');
  }

  public target5xx(period: Duration = ONE_MINUTE): cloudwatch.Metric {
    return this.metric('HTTPCode_Target_5XX_Count', this.tg, 'Sum', period, '5xx from the targets');
  }

  public healthyHosts(): cloudwatch.Metric {
    return this.metric('HealthyHostCount', this.tg, 'Minimum', ONE_MINUTE, 'Healthy targets');
  }

  public unhealthyHosts(): cloudwatch.Metric {
    return this.metric('UnHealthyHostCount', this.tg, 'Maximum', ONE_MINUTE, 'Unhealthy targets');
  }

  public latencyP99(): cloudwatch.Metric {
    return this.metric('TargetResponseTime', this.lb, 'p99', ONE_MINUTE, 'Target response time p99 (s)');
  }

  private metric(metricName: string, dimensionsMap: Record<string, string>, statistic: string, period: Duration, label: string): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: NAMESPACE, metricName, dimensionsMap, statistic, period, label });
  }
}

export interface LoadBalancerAlarmsProps {
  readonly metrics: LoadBalancerMetrics;
  readonly alarms: AlarmFactory;
  readonly thresholds: AlarmThresholds;
  /** Fewest healthy targets the service may run on (the app's floor). */
  readonly minHealthyTargets: number;
}

/** MON-2: the public ALB and its targets. */
export class LoadBalancerAlarms extends Construct {
  public readonly elb5xx: cloudwatch.Alarm;
  public readonly target5xx: cloudwatch.Alarm;
  public readonly unhealthyHosts: cloudwatch.Alarm;
  public readonly healthyHostsBelowFloor: cloudwatch.Alarm;
  /** Customer impact: nothing can answer (part of the service-down composite). */
  public readonly noHealthyTargets: cloudwatch.Alarm;
  public readonly latencyP99: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    const { metrics, alarms, thresholds } = props;
    if (!Number.isInteger(props.minHealthyTargets) || props.minHealthyTargets < 1) {
      throw new Error(`minHealthyTargets must be a whole number of at least 1, got ${props.minHealthyTargets}.`);
    }

    this.elb5xx = alarms.addAlarm(this, 'Elb5xx', {
      name: 'alb-elb-5xx',
      description: `The load balancer itself answered 5xx (no target, target refused or timed out) ≥ ${thresholds.elb5xxPerMinute}/min in 2 of 3 minutes. Check target health and the service's events.`,
      metric: metrics.elb5xx(),
      threshold: thresholds.elb5xxPerMinute,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // ALB reports 5xx counts only when there are some: silence is the healthy case.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 2,
      evaluationPeriods: 3,
    });
    this.target5xx = alarms.addAlarm(this, 'Target5xx', {
      name: 'alb-target-5xx',
      description: `The application answered 5xx ≥ ${thresholds.target5xxPerMinute}/min in 2 of 3 minutes. Check the container logs and the database alarms.`,
      metric: metrics.target5xx(),
      threshold: thresholds.target5xxPerMinute,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 2,
      evaluationPeriods: 3,
    });
    this.unhealthyHosts = alarms.addAlarm(this, 'UnhealthyHosts', {
      name: 'alb-unhealthy-targets',
      description: 'At least one target fails its health check in 2 of 3 minutes (a task or an AZ is impaired). Check the target group and the app subnets.',
      metric: metrics.unhealthyHosts(),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // A target group that stops reporting is caught by the healthy-target alarms (breaching).
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 2,
      evaluationPeriods: 3,
    });
    this.healthyHostsBelowFloor = alarms.addAlarm(this, 'HealthyHostsBelowFloor', {
      name: 'alb-healthy-targets-below-floor',
      description: `Fewer than ${props.minHealthyTargets} healthy targets in a minute: the service runs below its floor. Check the ECS service events.`,
      metric: metrics.healthyHosts(),
      threshold: props.minHealthyTargets,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No report means no target group to count healthy targets in: as bad as none. Silence is
      // judged over the evaluation range (240 s); a reported 0 fires within 180 s.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      datapointsToAlarm: 1,
      evaluationPeriods: 1,
      critical: true,
    });
    this.noHealthyTargets = alarms.addAlarm(this, 'NoHealthyTargets', {
      name: 'alb-no-healthy-targets',
      description: 'No healthy target in a minute: every request fails. Page the on-call.',
      metric: metrics.healthyHosts(),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      datapointsToAlarm: 1,
      evaluationPeriods: 1,
      critical: true,
    });
    this.latencyP99 = alarms.addAlarm(this, 'LatencyP99', {
      name: 'alb-latency-p99',
      description: `p99 response time above ${thresholds.p99LatencySeconds} s in 3 of 4 minutes. Check CPU, memory and database latency.`,
      metric: metrics.latencyP99(),
      threshold: thresholds.p99LatencySeconds,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No requests, no latency: reachability is the canary's job.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 3,
      evaluationPeriods: 4,
    });
  }
}
