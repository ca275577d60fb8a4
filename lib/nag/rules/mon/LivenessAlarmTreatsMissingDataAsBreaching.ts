import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { props } from '../support';
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

/**
 * MON-1: a liveness alarm (one reading a metric in LIVENESS_METRICS) treats missing data as
 * breaching. With notBreaching, ignore or missing, the component that dies stops publishing and
 * the alarm stays OK (or keeps its last state): a dead firewall would never page.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
 */
export function LivenessAlarmTreatsMissingDataAsBreaching(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ALARM) return NagRuleCompliance.NOT_APPLICABLE;
  if (!watchedMetrics(node).some(isLiveness)) return NagRuleCompliance.NOT_APPLICABLE;
  return props(node).TreatMissingData === 'breaching' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
