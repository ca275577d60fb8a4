import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, isTrue, list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Whether the detector enables `feature` (and, when given, its additional configuration `extra`). */
function enables(scan: Scan, detector: CfnResource, feature: string, extra?: string): boolean {
  const f = list(scan.props(detector).Features).find((x) => isObject(x) && x.Name === feature);
  if (!f || f.Status !== 'ENABLED') return false;
  if (extra === undefined) return true;
  return list(f.AdditionalConfiguration).some((c) => isObject(c) && c.Name === extra && c.Status === 'ENABLED');
}

/** Whether an ECS service runs on Fargate (launch type or capacity provider). */
function onFargate(scan: Scan, service: CfnResource): boolean {
  const p = scan.props(service);
  return p.LaunchType === 'FARGATE' || list(p.CapacityProviderStrategy).some((s) => isObject(s) && /^FARGATE/.test(String(s.CapacityProvider)));
}

/**
 * MON-3: the GuardDuty detector the app creates is enabled and watches what the app runs:
 * runtime monitoring with automated agent management for ECS Fargate when there is a Fargate
 * service, RDS login-event monitoring when there is a database instance, S3 data events when there
 * are buckets. A disabled detector, or one blind to the workload, sends the responder nothing.
 * (Malware Protection for S3 is a plan of its own, checked under FILE-1.) Not applicable when the
 * app creates no detector (an organisation manages it).
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-features-activation-model.html
 * https://docs.aws.amazon.com/guardduty/latest/ug/how-runtime-monitoring-works-ecs-fargate.html
 * https://docs.aws.amazon.com/guardduty/latest/ug/rds-protection.html
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isTrue(scan.props(node).Enable)) return NagRuleCompliance.NON_COMPLIANT;
  const needs: [boolean, boolean][] = [
    [scan.resources('AWS::ECS::Service').some((r) => onFargate(scan, r)), enables(scan, node, 'RUNTIME_MONITORING', 'ECS_FARGATE_AGENT_MANAGEMENT')],
    [scan.resources('AWS::RDS::DBInstance').length > 0, enables(scan, node, 'RDS_LOGIN_EVENTS')],
    [scan.resources('AWS::S3::Bucket').length > 0, enables(scan, node, 'S3_DATA_EVENTS')],
  ];
  return needs.every(([needed, enabled]) => !needed || enabled) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const GuardDutyDetectorCoversWorkloads: HardenedRule = {
  control: 'MON-3',
  name: 'GuardDutyDetectorCoversWorkloads',
  resourceTypes: ['AWS::GuardDuty::Detector'],
  info: 'MON-3: the GuardDuty detector is disabled or does not enable the features the workloads need (runtime monitoring with ECS Fargate agent management, RDS login events, S3 data events).',
  explanation: 'A disabled or blind detector sends the automated response nothing.',
  check,
};
