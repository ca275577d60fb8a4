import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isInternetFacingAlb } from '../support';
import { alarmsOnMetricOf, firesWhenLow, usesMetricMath } from './failure-modes';

/**
 * MON-2, failure mode "no healthy target": the public load balancer has an alarm of its own on
 * `AWS/ApplicationELB` `HealthyHostCount` (LoadBalancer dimension designating it) that fires when
 * the count is low (LessThan…, or metric math). 5xx alarms do not replace it: with no request
 * there is no 5xx, and an empty target group answers 503 from the load balancer only when asked.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
export function AlbAlarmsOnNoHealthyTargets(node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const alarmed = alarmsOnMetricOf(node, 'AWS/ApplicationELB', 'HealthyHostCount', 'LoadBalancer').some((a) => firesWhenLow(a) || usesMetricMath(a));
  return alarmed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
