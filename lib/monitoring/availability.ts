import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { LoadBalancerMetrics } from './load-balancer-alarms';

/** The window of the availability alarm: 5 minutes × 1 datapoint is exactly the 300 s bound. */
const WINDOW = Duration.minutes(5);

/**
 * Availability as customers see it at the ALB, in percent of requests answered without a 5xx:
 *   100 × (1 − (ELB 5xx + target 5xx) / (requests + ELB 5xx)).
 * ELB-generated 5xx are added to the denominator because a request refused before a target was
 * chosen (503, no healthy target) is not counted in RequestCount. Minutes without requests have
 * no value (nothing to be available for); the canary covers reachability then.
 */
export function availabilityExpression(metrics: LoadBalancerMetrics, period: Duration, label = 'Availability (%)'): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: '100 * (1 - (FILL(elb5xx, 0) + FILL(target5xx, 0)) / (requests + FILL(elb5xx, 0)))',
    usingMetrics: { requests: metrics.requests(period), elb5xx: metrics.elb5xx(period), target5xx: metrics.target5xx(period) },
    period,
    label,
  });
}

export interface AvailabilityProps {
  readonly metrics: LoadBalancerMetrics;
  readonly alarms: AlarmFactory;
  /** Target in percent (seed S2: 99.9). */
  readonly targetPercent: number;
}

/** MON-5: the 99.9 % availability target made measurable, with an alarm when a window falls below it. */
export class Availability extends Construct {
  public readonly belowTarget: cloudwatch.Alarm;
  public readonly targetPercent: number;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: AvailabilityProps,
  ) {
    super(scope, id);
    this.targetPercent = props.targetPercent;
    this.belowTarget = props.alarms.addAlarm(this, 'BelowTarget', {
      name: 'availability-below-target',
      description: `Fewer than ${props.targetPercent} % of the requests of the last 5 minutes were answered without a 5xx (MON-5). Customers see errors: check the 5xx alarms and the service-down alarm.`,
      metric: availabilityExpression(props.metrics, WINDOW),
      threshold: props.targetPercent,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No requests, no availability figure: reachability is the canary's job.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 1,
    });
  }

  /** The figure over any period, e.g. the dashboard's whole time range. */
  public expression(period: Duration = WINDOW, label?: string): cloudwatch.MathExpression {
    return availabilityExpression(this.props.metrics, period, label);
  }
}
