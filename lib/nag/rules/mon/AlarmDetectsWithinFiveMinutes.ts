import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { boundViolation, detectionClassOf, detectionTimeOf } from '../../../monitoring/detection-bound';
import { eventSourceOf } from '../../../monitoring/metric-sources';
import { ALARM, metricEntries } from './alarms';
import { list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** The longest time an alarm may take to fire: 5 minutes (seed S2); critical alarms 3. */
export { MAX_CRITICAL_DETECTION_SECONDS, MAX_DETECTION_SECONDS } from '../../../monitoring/detection-bound';

/**
 * MON-1: every alarm fires within its class's bound, counted honestly: period × datapoints to
 * alarm + the publication delay of the metric's source (plus the event delivery delay when it
 * counts an EventBridge rule's matches) + CloudWatch's one-minute evaluation cadence; 180 s for
 * `[critical]`, 300 s otherwise; an alarm that treats missing data as breaching must also fire on
 * silence within 300 s. `[trend]` alarms (an SLO window, a parked backlog) detect no failure and
 * are not bound. The model and its AWS sources: lib/monitoring/detection-bound.ts, metric-sources.ts.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  const time = detectionTimeOf(p, eventDeliveryDelay(scan, node, p));
  if (time === undefined) return NagRuleCompliance.NON_COMPLIANT;
  return boundViolation(time, detectionClassOf(p.AlarmDescription)) === undefined ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Delivery delay of the events counted by an `AWS/Events` alarm on a rule of the app (RuleName dimension). */
function eventDeliveryDelay(scan: Scan, node: CfnResource, p: Record<string, any>): number {
  const dimensions = [...list(p.Dimensions), ...metricEntries(scan, node).flatMap((m) => list(m.MetricStat?.Metric?.Dimensions))];
  const rules = dimensions.filter((d: any) => d?.Name === 'RuleName').flatMap((d: any) => scan.refTargetsOfType(node, d.Value, 'AWS::Events::Rule'));
  const delays = rules.map((rule) => {
    const source = list(scan.props(rule).EventPattern?.source)[0];
    return eventSourceOf(String(source)).deliveryDelaySeconds;
  });
  return Math.max(0, ...delays);
}

export const AlarmDetectsWithinFiveMinutes: HardenedRule = {
  control: 'MON-1',
  name: 'AlarmDetectsWithinFiveMinutes',
  resourceTypes: [ALARM],
  info: 'MON-1: the alarm takes longer than its class allows to fire, counted honestly (period × datapoints + publication delay + evaluation cadence > 300 s, critical > 180 s).',
  explanation: 'Seed S2 promises failures detected within 5 minutes.',
  check,
};
