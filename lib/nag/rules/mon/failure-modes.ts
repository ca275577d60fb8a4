/**
 * Reading what an alarm watches, by metric (MON-1, MON-2): namespace, metric name, statistic and
 * dimensions of the alarm's single metric or of its metric-math entries. The failure-mode rules key
 * on these CloudWatch facts, never on construct ids, alarm names or descriptions, so they hold
 * whatever construct makes the alarm.
 */
import { CfnResource } from 'aws-cdk-lib';
import { ALARM, dimensionDesignates } from './alarms';
import { isObject, list } from '../../engine/values';
import { Scan } from '../../engine/scan';

export interface WatchedMetric {
  readonly namespace?: string;
  readonly name?: string;
  readonly stat?: string;
  readonly dimensions: { Name?: unknown; Value?: unknown }[];
}

/** The metrics an alarm reads (its own, or its metric-math MetricStat entries). */
export function watchedMetrics(scan: Scan, alarm: CfnResource): WatchedMetric[] {
  const p = scan.props(alarm);
  const direct: WatchedMetric[] = p.MetricName
    ? [{ namespace: p.Namespace, name: p.MetricName, stat: p.Statistic ?? p.ExtendedStatistic, dimensions: list(p.Dimensions).filter(isObject) }]
    : [];
  const math = list(p.Metrics)
    .filter((m) => isObject(m) && isObject(m.MetricStat))
    .map((m) => ({
      namespace: m.MetricStat.Metric?.Namespace,
      name: m.MetricStat.Metric?.MetricName,
      stat: m.MetricStat.Stat,
      dimensions: list(m.MetricStat.Metric?.Dimensions).filter(isObject),
    }));
  return [...direct, ...math];
}

/** Whether the alarm fires on low values (LessThan…): the direction of "something stopped". */
export function firesWhenLow(scan: Scan, alarm: CfnResource): boolean {
  return /^LessThan/.test(String(scan.props(alarm).ComparisonOperator ?? ''));
}

/** Whether the alarm computes with metric math (its direction is then in the expression). */
export function usesMetricMath(scan: Scan, alarm: CfnResource): boolean {
  return list(scan.props(alarm).Metrics).some((m) => isObject(m) && typeof m.Expression === 'string');
}

/**
 * The alarms of the app reading `namespace`/`metricName` with a dimension (named
 * `dimensionName`, when given) that designates `resource`.
 */
export function alarmsOnMetricOf(scan: Scan, resource: CfnResource, namespace: string, metricName: string, dimensionName?: string): CfnResource[] {
  return scan.resources(ALARM).filter((alarm) =>
    watchedMetrics(scan, alarm).some(
      (m) =>
        m.namespace === namespace &&
        m.name === metricName &&
        m.dimensions.some((d) => (dimensionName === undefined || d.Name === dimensionName) && dimensionDesignates(scan, alarm, d.Value, resource)),
    ),
  );
}

/**
 * Whether an alarm of the app tells that `resource` stopped: it fires low, treats missing data as
 * breaching (a source that goes silent has stopped too), and reads a metric `accepts` admits whose
 * `dimensionName` dimension designates `resource`.
 */
export function hasLivenessAlarm(scan: Scan, resource: CfnResource, dimensionName: string, accepts: (m: WatchedMetric) => boolean): boolean {
  return scan.resources(ALARM).some(
    (alarm) =>
      scan.props(alarm).TreatMissingData === 'breaching' &&
      firesWhenLow(scan, alarm) &&
      watchedMetrics(scan, alarm).some((m) => accepts(m) && m.dimensions.some((d) => d.Name === dimensionName && dimensionDesignates(scan, alarm, d.Value, resource))),
  );
}
