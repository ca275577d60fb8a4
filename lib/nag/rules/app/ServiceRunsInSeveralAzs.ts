import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isFargateReplicaService } from './ecs';
import { literalNumber, list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** The fewest tasks and AZs a service runs in. */
export const MIN_TASKS = 2;

/**
 * APP-1: a Fargate service runs ≥ 2 tasks over ≥ 2 subnets in distinct AZs. DesiredCount must be
 * ≥ 2, or absent with an auto-scaling target whose MinCapacity is ≥ 2; any scaling target of the
 * service must keep MinCapacity ≥ 2.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isFargateReplicaService(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const p = scan.props(node);
  const scaling = scan.resources('AWS::ApplicationAutoScaling::ScalableTarget').filter((t) => scan.refersTo(t, scan.props(t).ResourceId, node));
  if (scaling.some((t) => (literalNumber(scan.props(t).MinCapacity) ?? 0) < MIN_TASKS)) return NagRuleCompliance.NON_COMPLIANT;
  const desired = literalNumber(p.DesiredCount);
  const enoughTasks = desired !== undefined ? desired >= MIN_TASKS : p.DesiredCount === undefined && scaling.length > 0;
  if (!enoughTasks) return NagRuleCompliance.NON_COMPLIANT;

  const subnets = list(p.NetworkConfiguration?.AwsvpcConfiguration?.Subnets);
  if (subnets.length < MIN_TASKS) return NagRuleCompliance.NON_COMPLIANT;
  const known = subnets.map((s) => scan.refTargetsOfType(node, s, 'AWS::EC2::Subnet')[0]);
  if (known.every((s) => s !== undefined)) {
    const azs = new Set(known.map((s) => JSON.stringify(scan.props(s!).AvailabilityZone ?? scan.props(s!).AvailabilityZoneId)));
    if (azs.size < MIN_TASKS) return NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.COMPLIANT;
}

export const ServiceRunsInSeveralAzs: HardenedRule = {
  control: 'APP-1',
  name: 'ServiceRunsInSeveralAzs',
  resourceTypes: ['AWS::ECS::Service'],
  info: 'APP-1: the Fargate service does not run ≥ 2 tasks over subnets in ≥ 2 AZs.',
  explanation: 'A single task or a single AZ is a single point of failure.',
  check,
};
