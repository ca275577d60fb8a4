import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { ALARM } from './alarms';
import { WatchedMetric, watchedMetrics } from './failure-modes';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * Metrics whose absence is itself the failure: the component that publishes them (the load
 * balancer's targets, the running tasks, the canary, the firewall endpoints, the DR replica) has
 * stopped. `SampleCount` of any RDS metric is the instance's own heartbeat.
 */
export const LIVENESS_METRICS: readonly string[] = [
  'AWS/ApplicationELB/HealthyHostCount',
  'ECS/ContainerInsights/RunningTaskCount',
  'CloudWatchSynthetics/SuccessPercent',
  'AWS/NetworkFirewall/ReceivedPackets',
  'AWS/RDS/ReplicaLag',
];

function isLiveness(m: WatchedMetric): boolean {
  return LIVENESS_METRICS.includes(`${m.namespace}/${m.name}`) || (m.namespace === 'AWS/RDS' && m.stat === 'SampleCount');
}

/** The component a metric describes: its namespace and dimensions, comparable across alarms. */
function componentKey(m: WatchedMetric): string {
  const dims = m.dimensions.map((d) => JSON.stringify([d.Name, d.Value])).sort();
  return JSON.stringify([m.namespace, dims]);
}

/** Whether another alarm of the app pages when the same component falls silent (missing data breaching). */
function silenceCoveredElsewhere(scan: Scan, node: CfnResource, liveness: WatchedMetric[]): boolean {
  const components = new Set(liveness.map(componentKey));
  return scan.resources(ALARM).some(
    (other) => other !== node && scan.props(other).TreatMissingData === 'breaching' && watchedMetrics(scan, other).some((m) => components.has(componentKey(m))),
  );
}

/**
 * MON-1: a liveness alarm (one reading a metric in LIVENESS_METRICS) pages when the component
 * falls silent: it treats missing data as breaching, or another alarm on the same component
 * (same namespace and dimensions) does (a dedicated silence alarm next to a threshold alarm that
 * must not fire on gaps). With notBreaching, ignore or missing and no such partner, the component
 * that dies stops publishing and nothing pages: a dead firewall would stay OK.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const liveness = watchedMetrics(scan, node).filter(isLiveness);
  if (liveness.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  if (scan.props(node).TreatMissingData === 'breaching') return NagRuleCompliance.COMPLIANT;
  return silenceCoveredElsewhere(scan, node, liveness) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const LivenessAlarmTreatsMissingDataAsBreaching: HardenedRule = {
  control: 'MON-1',
  name: 'LivenessAlarmTreatsMissingDataAsBreaching',
  resourceTypes: ['AWS::CloudWatch::Alarm'],
  info: 'MON-1: a liveness alarm (healthy hosts, running tasks, canary success, firewall packets, replica lag, RDS sample count) does not treat missing data as breaching, and no other alarm on the same component does.',
  explanation: 'When the watched component dies it stops publishing; only a breaching treatment turns that silence into a page.',
  check,
};
