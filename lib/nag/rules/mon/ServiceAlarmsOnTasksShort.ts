import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { alarmsOnMetricOf, firesWhenLow, usesMetricMath } from './failure-modes';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * MON-2, failure mode "tasks short": every ECS service has an alarm of its own on
 * `ECS/ContainerInsights` `RunningTaskCount` (ServiceName dimension designating it) that fires when
 * running tasks are low (LessThan…, or metric math such as desired − running). CPU and memory
 * alarms go quiet exactly when tasks stop.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const alarmed = alarmsOnMetricOf(scan, node, 'ECS/ContainerInsights', 'RunningTaskCount', 'ServiceName').some((a) => firesWhenLow(scan, a) || usesMetricMath(scan, a));
  return alarmed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const ServiceAlarmsOnTasksShort: HardenedRule = {
  control: 'MON-2',
  name: 'ServiceAlarmsOnTasksShort',
  resourceTypes: ['AWS::ECS::Service'],
  info: 'MON-2: no alarm fires when the ECS service runs fewer tasks than it should (ECS/ContainerInsights RunningTaskCount, firing low).',
  explanation: 'CPU and memory alarms go quiet exactly when tasks stop.',
  check,
};
