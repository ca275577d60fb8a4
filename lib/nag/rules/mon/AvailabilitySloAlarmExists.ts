import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { alarmsWatching, metricEntries } from './alarms';
import { isInternetFacingAlb } from '../web/load-balancers';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * MON-5: the availability target is measured: an alarm computes a ratio over the public ALB's
 * metrics with metric math (an Expression entry, e.g. 1 − 5xx / requests) and fires when it
 * drops below the target.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const slo = alarmsWatching(scan, node).some((alarm) => metricEntries(scan, alarm).some((m) => typeof m.Expression === 'string' && m.Expression.trim() !== ''));
  return slo ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const AvailabilitySloAlarmExists: HardenedRule = {
  control: 'MON-5',
  name: 'AvailabilitySloAlarmExists',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  info: 'MON-5: no metric-math (SLO) alarm measures the availability of the public load balancer.',
  explanation: 'The 99.9 % availability target must be measured to be kept.',
  check,
};
