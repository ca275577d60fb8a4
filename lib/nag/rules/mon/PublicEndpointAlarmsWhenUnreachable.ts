import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, isInternetFacingAlb, literalString, props, refersTo } from '../support';
import { ALARM } from './alarms';
import { firesWhenLow, usesMetricMath, watchedMetrics } from './failure-modes';

/**
 * MON-2, failure mode "endpoint unreachable": the app alarms on its outside-in probe: an alarm on
 * `CloudWatchSynthetics` `SuccessPercent` whose CanaryName dimension designates a canary of the
 * app, firing when success is low. A canary nobody alarms on fails silently. Applied on every
 * internet-facing ALB (the endpoint the probe stands for).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html
 */
export function PublicEndpointAlarmsWhenUnreachable(node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const canaries = appResources(node, 'AWS::Synthetics::Canary');
  const names = new Set(canaries.map((c) => literalString(props(c).Name)).filter((n): n is string => n !== undefined));
  const alarmed = appResources(node, ALARM).some(
    (alarm) =>
      (firesWhenLow(alarm) || usesMetricMath(alarm)) &&
      watchedMetrics(alarm).some(
        (m) =>
          m.namespace === 'CloudWatchSynthetics' &&
          m.name === 'SuccessPercent' &&
          m.dimensions.some((d) => d.Name === 'CanaryName' && (canaries.some((c) => refersTo(alarm, d.Value, c)) || names.has(literalString(d.Value) ?? ''))),
      ),
  );
  return alarmed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
