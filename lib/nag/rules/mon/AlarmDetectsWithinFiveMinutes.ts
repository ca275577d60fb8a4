import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { literalNumber, props } from '../support';
import { ALARM, metricEntries } from './alarms';

/** The longest time an alarm may take to fire: 5 minutes (seed S2). */
export const MAX_DETECTION_SECONDS = 300;

/**
 * MON-1: every alarm fires within 5 minutes of a failure: Period × (DatapointsToAlarm, else
 * EvaluationPeriods) ≤ 300 s. For metric-math alarms the period is the longest MetricStat period.
 */
export function AlarmDetectsWithinFiveMinutes(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ALARM) return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  const periods = [literalNumber(p.Period), ...metricEntries(node).map((m) => literalNumber(m.MetricStat?.Period ?? m.Period))].filter(
    (x): x is number => x !== undefined,
  );
  const datapoints = literalNumber(p.DatapointsToAlarm ?? p.EvaluationPeriods);
  if (periods.length === 0 || datapoints === undefined) return NagRuleCompliance.NON_COMPLIANT;
  return Math.max(...periods) * datapoints <= MAX_DETECTION_SECONDS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
