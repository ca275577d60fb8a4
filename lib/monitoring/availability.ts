import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { LoadBalancerMetrics } from './load-balancer-alarms';

/** The window of the availability alarm (an SLO window, class `trend`). */
const WINDOW = Duration.minutes(5);

/**
 * The fewest requests a window needs before its availability is judged: the smallest count in
 * which a single 5xx does not break the target (1 000 for 99.9 %). Below it one error among the
 * canary's few requests would read as 80 %; reachability at low traffic is the canary's job.
 */
export function minimumRequestsFor(targetPercent: number): number {
  return Math.ceil(100 / (100 - targetPercent) - 1e-9);
}

/**
 * Availability as customers see it at the ALB, in percent of requests answered without a 5xx:
 *   100 × (1 − (ELB 5xx + target 5xx) / (requests + ELB 5xx)),
 * and 100 for a window with fewer than `minRequests` requests. ELB-generated 5xx are added to
 * the denominator because a request refused before a target was chosen (503, no healthy target)
 * is not counted in RequestCount. ALB publishes counts only when non-zero, hence FILL.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html (IF, FILL)
 */
export function availabilityExpression(metrics: LoadBalancerMetrics, period: Duration, minRequests: number, label = 'Availability (%)'): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `IF((FILL(requests, 0) + FILL(elb5xx, 0)) >= ${minRequests}, 100 * (1 - (FILL(elb5xx, 0) + FILL(target5xx, 0)) / (FILL(requests, 0) + FILL(elb5xx, 0))), 100)`,
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
  /** Requests a window needs before it is judged. */
  public readonly minRequests: number;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: AvailabilityProps,
  ) {
    super(scope, id);
    this.targetPercent = props.targetPercent;
    this.minRequests = minimumRequestsFor(props.targetPercent);
    this.belowTarget = props.alarms.addAlarm(this, 'BelowTarget', {
      name: 'availability-below-target',
      description: `Fewer than ${props.targetPercent} % of the requests of the last 5 minutes (at least ${this.minRequests}) were answered without a 5xx (MON-5). Customers see errors: check the 5xx alarms and the service-down alarm.`,
      metric: availabilityExpression(props.metrics, WINDOW, this.minRequests),
      threshold: props.targetPercent,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // The expression always has a value; a gap would mean no ALB metrics at all (the canary's case).
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 1,
      // An objective over a 5-minute window, not a failure detector: the 5xx and critical alarms detect.
      detectionClass: 'trend',
    });
  }

  /** The figure over any period, e.g. the dashboard's whole time range. */
  public expression(period: Duration = WINDOW, label?: string): cloudwatch.MathExpression {
    return availabilityExpression(this.props.metrics, period, this.minRequests, label);
  }
}
