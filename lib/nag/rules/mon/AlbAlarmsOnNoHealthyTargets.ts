import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { alarmsOnMetricOf, firesWhenLow, usesMetricMath } from './failure-modes';
import { isInternetFacingAlb } from '../web/load-balancers';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * MON-2, failure mode "no healthy target": the public load balancer has an alarm of its own on
 * `AWS/ApplicationELB` `HealthyHostCount` (LoadBalancer dimension designating it) that fires when
 * the count is low (LessThan…, or metric math). 5xx alarms do not replace it: with no request
 * there is no 5xx, and an empty target group answers 503 from the load balancer only when asked.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const alarmed = alarmsOnMetricOf(scan, node, 'AWS/ApplicationELB', 'HealthyHostCount', 'LoadBalancer').some((a) => firesWhenLow(scan, a) || usesMetricMath(scan, a));
  return alarmed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const AlbAlarmsOnNoHealthyTargets: HardenedRule = {
  control: 'MON-2',
  name: 'AlbAlarmsOnNoHealthyTargets',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  info: 'MON-2: no alarm fires when the public load balancer has no healthy target (AWS/ApplicationELB HealthyHostCount, firing low).',
  explanation: 'Every request fails when no target is healthy; 5xx alarms need requests to notice.',
  check,
};
