import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, props } from '../support';
import { ALARM } from './alarms';
import { WatchedMetric, watchedMetrics } from './failure-modes';

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
function silenceCoveredElsewhere(node: CfnResource, liveness: WatchedMetric[]): boolean {
  const components = new Set(liveness.map(componentKey));
  return appResources(node, ALARM).some(
    (other) => other !== node && props(other).TreatMissingData === 'breaching' && watchedMetrics(other).some((m) => components.has(componentKey(m))),
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
export function LivenessAlarmTreatsMissingDataAsBreaching(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ALARM) return NagRuleCompliance.NOT_APPLICABLE;
  const liveness = watchedMetrics(node).filter(isLiveness);
  if (liveness.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  if (props(node).TreatMissingData === 'breaching') return NagRuleCompliance.COMPLIANT;
  return silenceCoveredElsewhere(node, liveness) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
