import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { alarmsOnMetricOf, firesWhenLow, usesMetricMath } from './failure-modes';

/**
 * MON-2, failure mode "tasks short": every ECS service has an alarm of its own on
 * `ECS/ContainerInsights` `RunningTaskCount` (ServiceName dimension designating it) that fires when
 * running tasks are low (LessThan…, or metric math such as desired − running). CPU and memory
 * alarms go quiet exactly when tasks stop.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
 */
export function ServiceAlarmsOnTasksShort(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ECS::Service') return NagRuleCompliance.NOT_APPLICABLE;
  const alarmed = alarmsOnMetricOf(node, 'ECS/ContainerInsights', 'RunningTaskCount', 'ServiceName').some((a) => firesWhenLow(a) || usesMetricMath(a));
  return alarmed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
