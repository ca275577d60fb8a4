import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { ALARM } from './alarms';
import { firesWhenLow, usesMetricMath, watchedMetrics } from './failure-modes';
import { literalString } from '../../engine/values';
import { isInternetFacingAlb } from '../web/load-balancers';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * MON-2, failure mode "endpoint unreachable": the app alarms on its outside-in probe: an alarm on
 * `CloudWatchSynthetics` `SuccessPercent` whose CanaryName dimension designates a canary of the
 * app, firing when success is low. A canary nobody alarms on fails silently. Applied on every
 * internet-facing ALB (the endpoint the probe stands for).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const canaries = scan.resources('AWS::Synthetics::Canary');
  const names = new Set(canaries.map((c) => literalString(scan.props(c).Name)).filter((n): n is string => n !== undefined));
  const alarmed = scan.resources(ALARM).some(
    (alarm) =>
      (firesWhenLow(scan, alarm) || usesMetricMath(scan, alarm)) &&
      watchedMetrics(scan, alarm).some(
        (m) =>
          m.namespace === 'CloudWatchSynthetics' &&
          m.name === 'SuccessPercent' &&
          m.dimensions.some((d) => d.Name === 'CanaryName' && (canaries.some((c) => scan.refersTo(alarm, d.Value, c)) || names.has(literalString(d.Value) ?? ''))),
      ),
  );
  return alarmed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const PublicEndpointAlarmsWhenUnreachable: HardenedRule = {
  control: 'MON-2',
  name: 'PublicEndpointAlarmsWhenUnreachable',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  info: "MON-2: no alarm fires when the outside-in probe fails (CloudWatchSynthetics SuccessPercent of the app's canary, firing low).",
  explanation: 'A canary nobody alarms on fails silently.',
  check,
};
