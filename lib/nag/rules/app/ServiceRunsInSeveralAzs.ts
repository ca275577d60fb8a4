import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, literalNumber, list, props, refTargetsOfType, refersTo } from '../support';
import { isFargateReplicaService } from './ecs';

/** The fewest tasks and AZs a service runs in. */
export const MIN_TASKS = 2;

/**
 * APP-1: a Fargate service runs ≥ 2 tasks over ≥ 2 subnets in distinct AZs. DesiredCount must be
 * ≥ 2, or absent with an auto-scaling target whose MinCapacity is ≥ 2; any scaling target of the
 * service must keep MinCapacity ≥ 2.
 */
export function ServiceRunsInSeveralAzs(node: CfnResource): NagRuleCompliance {
  if (!isFargateReplicaService(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  const scaling = appResources(node, 'AWS::ApplicationAutoScaling::ScalableTarget').filter((t) => refersTo(t, props(t).ResourceId, node));
  if (scaling.some((t) => (literalNumber(props(t).MinCapacity) ?? 0) < MIN_TASKS)) return NagRuleCompliance.NON_COMPLIANT;
  const desired = literalNumber(p.DesiredCount);
  const enoughTasks = desired !== undefined ? desired >= MIN_TASKS : p.DesiredCount === undefined && scaling.length > 0;
  if (!enoughTasks) return NagRuleCompliance.NON_COMPLIANT;

  const subnets = list(p.NetworkConfiguration?.AwsvpcConfiguration?.Subnets);
  if (subnets.length < MIN_TASKS) return NagRuleCompliance.NON_COMPLIANT;
  const known = subnets.map((s) => refTargetsOfType(node, s, 'AWS::EC2::Subnet')[0]);
  if (known.every((s) => s !== undefined)) {
    const azs = new Set(known.map((s) => JSON.stringify(props(s!).AvailabilityZone ?? props(s!).AvailabilityZoneId)));
    if (azs.size < MIN_TASKS) return NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.COMPLIANT;
}
