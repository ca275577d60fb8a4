/** The GuardDuty response path: EventBridge rule → blocker function → WAF IP sets (MON-3, MON-4). */
import { CfnResource } from 'aws-cdk-lib';
import { appResources, isObject, list, parseJsonValue, props, refTargetsOfType, stringList } from '../support';

/**
 * Whether an EventBridge rule matches GuardDuty findings: source `aws.guardduty` and a
 * `detail-type` that is absent or names "GuardDuty Finding". Rules on other GuardDuty events
 * (Malware Protection scan results, FILE-1) are not a findings response.
 */
export function isGuardDutyRule(rule: CfnResource): boolean {
  if (rule.cfnResourceType !== 'AWS::Events::Rule') return false;
  const pattern = parseJsonValue(props(rule).EventPattern);
  if (!isObject(pattern) || !stringList(pattern.source).includes('aws.guardduty')) return false;
  return pattern['detail-type'] === undefined || stringList(pattern['detail-type']).includes('GuardDuty Finding');
}

/** The targets of an EventBridge rule that are Lambda functions of the app, with the target entry. */
export function functionTargets(rule: CfnResource): { fn: CfnResource; target: Record<string, any> }[] {
  return list(props(rule).Targets)
    .filter(isObject)
    .flatMap((target) => refTargetsOfType(rule, target.Arn, 'AWS::Lambda::Function').map((fn) => ({ fn, target })));
}

/** The enabled GuardDuty rules of the app. */
export function guardDutyRules(scope: CfnResource): CfnResource[] {
  return appResources(scope, 'AWS::Events::Rule').filter((r) => isGuardDutyRule(r) && props(r).State !== 'DISABLED');
}

/** The Lambda functions GuardDuty findings are sent to (the blockers). */
export function responders(scope: CfnResource): CfnResource[] {
  return [...new Set(guardDutyRules(scope).flatMap((r) => functionTargets(r).map((t) => t.fn)))];
}
