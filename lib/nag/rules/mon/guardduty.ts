/** The GuardDuty response path: EventBridge rule → blocker function → WAF IP sets (MON-3, MON-4). */
import { CfnResource } from 'aws-cdk-lib';
import { isObject, list, parseJsonValue, stringList } from '../../engine/values';
import { Scan } from '../../engine/scan';

/**
 * Whether an EventBridge rule matches GuardDuty findings: source `aws.guardduty` and a
 * `detail-type` that is absent or names "GuardDuty Finding". Rules on other GuardDuty events
 * (Malware Protection scan results, FILE-1) are not a findings response.
 */
export function isGuardDutyRule(scan: Scan, rule: CfnResource): boolean {
  if (rule.cfnResourceType !== 'AWS::Events::Rule') return false;
  const pattern = parseJsonValue(scan.props(rule).EventPattern);
  if (!isObject(pattern) || !stringList(pattern.source).includes('aws.guardduty')) return false;
  return pattern['detail-type'] === undefined || stringList(pattern['detail-type']).includes('GuardDuty Finding');
}

/** The targets of an EventBridge rule that are Lambda functions of the app, with the target entry. */
export function functionTargets(scan: Scan, rule: CfnResource): { fn: CfnResource; target: Record<string, any> }[] {
  return list(scan.props(rule).Targets)
    .filter(isObject)
    .flatMap((target) => scan.refTargetsOfType(rule, target.Arn, 'AWS::Lambda::Function').map((fn) => ({ fn, target })));
}

/** The enabled GuardDuty rules of the app. */
export function guardDutyRules(scan: Scan): CfnResource[] {
  return scan.resources('AWS::Events::Rule').filter((r) => isGuardDutyRule(scan, r) && scan.props(r).State !== 'DISABLED');
}

/** The Lambda functions GuardDuty findings are sent to (the blockers). */
export function responders(scan: Scan): CfnResource[] {
  return [...new Set(guardDutyRules(scan).flatMap((r) => functionTargets(scan, r).map((t) => t.fn)))];
}
