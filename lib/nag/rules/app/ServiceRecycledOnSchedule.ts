import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, isObject, joinedText, literalString, parseJsonValue, props, refTargets } from '../support';
import { ECS_SERVICE } from './ecs';

/** EventBridge Scheduler's universal target for ECS UpdateService (any partition). */
const UPDATE_SERVICE_TARGET = /^arn:[^:]*:scheduler:::aws-sdk:ecs:updateService$/;

/** Whether `value` (from the schedule's input) designates the same thing as `expected` (from the service). */
function sameDesignation(schedule: CfnResource, value: unknown, service: CfnResource, expected: unknown, names: (string | undefined)[]): boolean {
  const targets = refTargets(schedule, value);
  if (targets.length > 0) return targets.some((t) => refTargets(service, expected).includes(t) || t === service);
  const text = literalString(value);
  if (text === undefined) return false;
  return names.some((n) => n !== undefined && (text === n || text.endsWith(`/${n}`)));
}

/**
 * APP-2: every ECS service is redeployed on a schedule: an enabled EventBridge Scheduler
 * schedule (anywhere in the app) calls `ecs:updateService` with this service, its cluster and
 * `ForceNewDeployment: true`, so every container is replaced by a fresh one from its image.
 */
export function ServiceRecycledOnSchedule(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ECS_SERVICE) return NagRuleCompliance.NOT_APPLICABLE;
  const service = props(node);
  const recycled = appResources(node, 'AWS::Scheduler::Schedule').some((schedule) => {
    const p = props(schedule);
    if (p.State === 'DISABLED' || !isObject(p.Target)) return false;
    if (!UPDATE_SERVICE_TARGET.test(joinedText(p.Target.Arn) ?? '')) return false;
    const input = parseJsonValue(p.Target.Input);
    if (!isObject(input) || input.ForceNewDeployment !== true) return false;
    const serviceMatches = sameDesignation(schedule, input.Service, node, undefined, [literalString(service.ServiceName)]);
    const clusterMatches =
      service.Cluster === undefined
        ? input.Cluster === undefined || input.Cluster === 'default'
        : sameDesignation(schedule, input.Cluster, node, service.Cluster, [literalString(service.Cluster)]);
    return serviceMatches && clusterMatches;
  });
  return recycled ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
