import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ALARM_EVALUATION, eventSourceOf, sourceOfNamespace } from './metric-sources';

/**
 * What an alarm is for decides how fast it must be (MON-1, seed S2 "failures detected within
 * 5 minutes"):
 * - `critical`: customers cannot use the service (service down, no healthy targets, tasks short,
 *   database down, endpoint unreachable): within 180 s;
 * - `failure`: something broke: within 300 s;
 * - `trend`: a trend or an objective (an SLO window, a backlog that is still parked): not a failure
 *   detector, so not held to MON-1's bound; its time is shown all the same.
 */
export type DetectionClass = 'critical' | 'failure' | 'trend';

/** MON-1 (seed S2): every failure is noticed within 5 minutes. */
export const MAX_DETECTION_SECONDS = 300;

/** Customer-impact failures within 3 minutes. */
export const MAX_CRITICAL_DETECTION_SECONDS = 180;

/** The most time each class may take; `trend` has no bound. */
export const CLASS_LIMIT_SECONDS: Record<DetectionClass, number | undefined> = {
  critical: MAX_CRITICAL_DETECTION_SECONDS,
  failure: MAX_DETECTION_SECONDS,
  trend: undefined,
};

/** Description prefixes that carry the class into the template (failure has none). */
export const CLASS_MARKERS: Record<Exclude<DetectionClass, 'failure'>, string> = {
  critical: '[critical]',
  trend: '[trend]',
};

/** The class an alarm description declares. */
export function detectionClassOf(description: unknown): DetectionClass {
  if (typeof description !== 'string') return 'failure';
  if (description.startsWith(CLASS_MARKERS.critical)) return 'critical';
  if (description.startsWith(CLASS_MARKERS.trend)) return 'trend';
  return 'failure';
}

/** The timing fields of an `AWS::CloudWatch::Alarm`, in CloudFormation casing. */
export interface AlarmTiming {
  readonly Period?: unknown;
  readonly EvaluationPeriods?: unknown;
  readonly DatapointsToAlarm?: unknown;
  readonly Namespace?: unknown;
  readonly TreatMissingData?: unknown;
  readonly Metrics?: unknown;
}

/** The parts of an alarm's honest time to detect. */
export interface DetectionTime {
  /** Longest period of the alarm or of its metric-math inputs. */
  readonly periodSeconds: number;
  /** M. */
  readonly datapointsToAlarm: number;
  /** N. */
  readonly evaluationPeriods: number;
  /**
   * Slowest publication delay of the metrics it reads (`metric-sources.ts`), idle resumption
   * included, plus the delivery delay of the events a rule-metric alarm counts.
   */
  readonly publicationDelaySeconds: number;
  /** Names of those sources. */
  readonly sources: string[];
  /** Period × M: the breaching datapoints the alarm needs. */
  readonly datapointSeconds: number;
  /**
   * The honest bound for a failure that shows in the data: the M-th breaching period ends
   * period × M after the failure began, its datapoint is published `publicationDelaySeconds`
   * later, and the next once-a-minute evaluation reads it at most a cadence after that.
   */
  readonly boundSeconds: number;
  /**
   * Only for `TreatMissingData: breaching`: how long after a metric stops an alarm fires on the
   * silence. CloudWatch first evaluates the real datapoints still in its evaluation range (N + 2
   * periods) and fills missing ones only when fewer than N remain: (range − N + M) × period +
   * cadence. Undefined when silence is not a failure for the alarm.
   */
  readonly silenceBoundSeconds?: number;
}

/**
 * The detection time of an alarm from its template form. Pure: the construct helper below, the
 * alarm table, the nag rule and the simulator use the same function. Undefined when a value is
 * not a literal. Sources: ALARM_EVALUATION.doc (evaluation, M of N), ALARM_EVALUATION.missingDataDoc.
 */
export function detectionTimeOf(p: AlarmTiming, upstreamDelaySeconds = 0): DetectionTime | undefined {
  const entries: any[] = Array.isArray(p.Metrics) ? p.Metrics : [];
  const stats = entries.filter((m) => m?.MetricStat);
  const periods = [p.Period, ...stats.map((m) => m.MetricStat.Period), ...entries.map((m) => m?.Period)].filter((x) => x !== undefined);
  const namespaces = [p.Namespace, ...stats.map((m) => m.MetricStat.Metric?.Namespace)].filter((x): x is string => typeof x === 'string');
  const datapoints = p.DatapointsToAlarm ?? p.EvaluationPeriods;
  const evaluationPeriods = p.EvaluationPeriods ?? datapoints;
  if (periods.length === 0 || !periods.every(isNumber) || !isNumber(datapoints) || !isNumber(evaluationPeriods)) return undefined;
  const period = Math.max(...periods);
  const sources = [...new Set(namespaces.map(sourceOfNamespace))];
  const delay = Math.max(0, ...sources.map((s) => s.publicationDelaySeconds + (s.idleResumeSeconds ?? 0))) + upstreamDelaySeconds;
  const cadence = ALARM_EVALUATION.cadenceSeconds;
  const range = evaluationPeriods + ALARM_EVALUATION.evaluationRangeExtraPeriods;
  return {
    periodSeconds: period,
    datapointsToAlarm: datapoints,
    evaluationPeriods,
    publicationDelaySeconds: delay,
    sources: sources.map((s) => s.name),
    datapointSeconds: period * datapoints,
    boundSeconds: period * datapoints + delay + cadence,
    silenceBoundSeconds: p.TreatMissingData === 'breaching' ? (range - evaluationPeriods + datapoints) * period + cadence : undefined,
  };
}

/** The honest bound in seconds (see `DetectionTime.boundSeconds`), or undefined when not literal. */
export function detectionBoundOf(p: AlarmTiming, upstreamDelaySeconds = 0): number | undefined {
  return detectionTimeOf(p, upstreamDelaySeconds)?.boundSeconds;
}

/**
 * The event delivery delay in front of an alarm that counts an EventBridge rule's matches
 * (`AWS/Events` with a `RuleName` dimension referencing a rule of `resources`): the events reach
 * the rule that much after the state change. 0 for any other alarm.
 */
export function upstreamDelayOf(p: AlarmTiming & { Dimensions?: unknown }, resources: Record<string, any>): number {
  const entries: any[] = Array.isArray(p.Metrics) ? p.Metrics : [];
  const dimensions = [p.Dimensions, ...entries.map((m) => m?.MetricStat?.Metric?.Dimensions)].flatMap((d) => (Array.isArray(d) ? d : []));
  const delays = dimensions
    .filter((d) => d?.Name === 'RuleName')
    .map((d) => d.Value?.Ref)
    .map((id) => (typeof id === 'string' ? resources[id] : undefined))
    .filter((r) => r?.Type === 'AWS::Events::Rule')
    .map((r) => {
      const source = r.Properties?.EventPattern?.source;
      return eventSourceOf(Array.isArray(source) ? String(source[0]) : String(source)).deliveryDelaySeconds;
    });
  return Math.max(0, ...delays);
}

/**
 * Why an alarm breaks its class's bound, or undefined when it keeps it: the data bound must fit
 * the class, and an alarm that fires on silence must do so within the failure bound (a critical
 * alarm may not rely on silence: the evaluation range makes that slow).
 */
export function boundViolation(time: DetectionTime, cls: DetectionClass): string | undefined {
  const limit = CLASS_LIMIT_SECONDS[cls];
  if (limit === undefined) return undefined;
  if (time.boundSeconds > limit) {
    return `detects within ${time.boundSeconds} s (${time.periodSeconds} s × ${time.datapointsToAlarm} + ${time.publicationDelaySeconds} s publication delay of ${time.sources.join(', ') || 'its metrics'} + ${ALARM_EVALUATION.cadenceSeconds} s evaluation cadence), more than the ${limit} s allowed for ${cls} alarms (MON-1)`;
  }
  if (time.silenceBoundSeconds !== undefined && time.silenceBoundSeconds > MAX_DETECTION_SECONDS) {
    return `treats missing data as breaching but fires on silence only after ${time.silenceBoundSeconds} s (evaluation range of ${time.evaluationPeriods + ALARM_EVALUATION.evaluationRangeExtraPeriods} periods), more than the ${MAX_DETECTION_SECONDS} s allowed (MON-1)`;
  }
  return undefined;
}

/**
 * The detection time of an alarm built in this app (see `detectionTimeOf`). Throws when the
 * alarm's timing is not known at synthesis time.
 */
export function detectionTime(alarm: cloudwatch.Alarm, upstreamDelaySeconds = 0): DetectionTime {
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
  const metrics = Token.isUnresolved(cfn.metrics) ? undefined : (cfn.metrics as cloudwatch.CfnAlarm.MetricDataQueryProperty[] | undefined);
  const time = detectionTimeOf({
    Period: cfn.period,
    EvaluationPeriods: cfn.evaluationPeriods,
    DatapointsToAlarm: cfn.datapointsToAlarm,
    Namespace: cfn.namespace,
    TreatMissingData: cfn.treatMissingData,
    Metrics: metrics?.map((m) => {
      const stat = m.metricStat as cloudwatch.CfnAlarm.MetricStatProperty | undefined;
      const metric = stat?.metric as cloudwatch.CfnAlarm.MetricProperty | undefined;
      return { Period: m.period, MetricStat: stat ? { Period: stat.period, Metric: { Namespace: metric?.namespace } } : undefined };
    }),
  }, upstreamDelaySeconds);
  if (time === undefined) {
    throw new Error(`Alarm ${alarm.node.path}: its period and datapoints must be literal numbers to compute the detection bound.`);
  }
  return time;
}

/** The honest bound of an alarm built in this app. */
export function detectionBound(alarm: cloudwatch.Alarm): number {
  return detectionTime(alarm).boundSeconds;
}

function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && !Token.isUnresolved(x);
}
