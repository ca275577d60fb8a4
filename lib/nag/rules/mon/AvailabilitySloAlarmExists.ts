import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isInternetFacingAlb } from '../support';
import { alarmsWatching, metricEntries } from './alarms';

/**
 * MON-5: the availability target is measured: an alarm computes a ratio over the public ALB's
 * metrics with metric math (an Expression entry, e.g. 1 − 5xx / requests) and fires when it
 * drops below the target.
 */
export function AvailabilitySloAlarmExists(node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const slo = alarmsWatching(node).some((alarm) => metricEntries(alarm).some((m) => typeof m.Expression === 'string' && m.Expression.trim() !== ''));
  return slo ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
