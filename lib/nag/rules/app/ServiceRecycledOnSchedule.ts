import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { ECS_SERVICE } from './ecs';
import { isObject, joinedText, literalString, parseJsonValue } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** EventBridge Scheduler's universal target for ECS UpdateService (any partition). */
const UPDATE_SERVICE_TARGET = /^arn:[^:]*:scheduler:::aws-sdk:ecs:updateService$/;

/** Whether `value` (from the schedule's input) designates the same thing as `expected` (from the service). */
function sameDesignation(scan: Scan, schedule: CfnResource, value: unknown, service: CfnResource, expected: unknown, names: (string | undefined)[]): boolean {
  const targets = scan.refTargets(schedule, value);
  if (targets.length > 0) return targets.some((t) => scan.refTargets(service, expected).includes(t) || t === service);
  const text = literalString(value);
  if (text === undefined) return false;
  return names.some((n) => n !== undefined && (text === n || text.endsWith(`/${n}`)));
}

/**
 * APP-2: every ECS service is redeployed on a schedule: an enabled EventBridge Scheduler
 * schedule (anywhere in the app) calls `ecs:updateService` with this service, its cluster and
 * `ForceNewDeployment: true`, so every container is replaced by a fresh one from its image.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const service = scan.props(node);
  const recycled = scan.resources('AWS::Scheduler::Schedule').some((schedule) => {
    const p = scan.props(schedule);
    if (p.State === 'DISABLED' || !isObject(p.Target)) return false;
    if (!UPDATE_SERVICE_TARGET.test(joinedText(p.Target.Arn) ?? '')) return false;
    const input = parseJsonValue(p.Target.Input);
    if (!isObject(input) || input.ForceNewDeployment !== true) return false;
    const serviceMatches = sameDesignation(scan, schedule, input.Service, node, undefined, [literalString(service.ServiceName)]);
    const clusterMatches =
      service.Cluster === undefined
        ? input.Cluster === undefined || input.Cluster === 'default'
        : sameDesignation(scan, schedule, input.Cluster, node, service.Cluster, [literalString(service.Cluster)]);
    return serviceMatches && clusterMatches;
  });
  return recycled ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const ServiceRecycledOnSchedule: HardenedRule = {
  control: 'APP-2',
  name: 'ServiceRecycledOnSchedule',
  resourceTypes: [ECS_SERVICE],
  info: 'APP-2: no enabled schedule calls ecs:updateService with this service, its cluster and ForceNewDeployment true.',
  explanation: 'Containers re-initialised on a schedule shed whatever a compromise left in them (seed S3).',
  check,
};
