import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** MON-1 (seed S2): every failure is noticed within 5 minutes. */
export const MAX_DETECTION_SECONDS = 300;

/** Critical failures (service unreachable, no healthy targets, tasks short, database down) within 2 minutes. */
export const MAX_CRITICAL_DETECTION_SECONDS = 120;

/** The timing fields of an `AWS::CloudWatch::Alarm`, in CloudFormation casing. */
export interface AlarmTiming {
  readonly Period?: unknown;
  readonly EvaluationPeriods?: unknown;
  readonly DatapointsToAlarm?: unknown;
  readonly Metrics?: unknown;
}

/**
 * The longest time, in seconds, between a failure starting and the alarm firing, not counting
 * CloudWatch's own ingestion delay: Period × (DatapointsToAlarm, else EvaluationPeriods). A
 * metric-math alarm has no Period of its own; its longest `MetricStat.Period` counts.
 *
 * Pure: reads the template form, so the same function serves the construct helper below, the
 * alarm table and the tests. Returns undefined when a value is not a literal number.
 */
export function detectionBoundOf(properties: AlarmTiming): number | undefined {
  const metricPeriods = Array.isArray(properties.Metrics)
    ? properties.Metrics.map((m: any) => m?.MetricStat?.Period ?? m?.Period).filter((p: unknown) => p !== undefined)
    : [];
  const periods = [properties.Period, ...metricPeriods].filter((p) => p !== undefined);
  const datapoints = properties.DatapointsToAlarm ?? properties.EvaluationPeriods;
  if (periods.length === 0 || !periods.every(isNumber) || !isNumber(datapoints)) return undefined;
  return Math.max(...periods) * datapoints;
}

/**
 * The detection bound of an alarm built in this app (see `detectionBoundOf`). Throws when the
 * alarm's timing is not known at synthesis time.
 */
export function detectionBound(alarm: cloudwatch.Alarm): number {
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
  const metrics = Token.isUnresolved(cfn.metrics) ? undefined : (cfn.metrics as cloudwatch.CfnAlarm.MetricDataQueryProperty[] | undefined);
  const bound = detectionBoundOf({
    Period: cfn.period,
    EvaluationPeriods: cfn.evaluationPeriods,
    DatapointsToAlarm: cfn.datapointsToAlarm,
    Metrics: metrics?.map((m) => {
      const stat = m.metricStat as cloudwatch.CfnAlarm.MetricStatProperty | undefined;
      return { Period: m.period, MetricStat: stat ? { Period: stat.period } : undefined };
    }),
  });
  if (bound === undefined) {
    throw new Error(`Alarm ${alarm.node.path}: its period and datapoints must be literal numbers to compute the detection bound.`);
  }
  return bound;
}

function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && !Token.isUnresolved(x);
}
