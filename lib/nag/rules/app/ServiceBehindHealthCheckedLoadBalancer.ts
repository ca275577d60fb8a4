import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isFargateReplicaService } from './ecs';
import { isObject, list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * APP-1: a Fargate service is registered with a load balancer target group, and the target
 * groups of the app it uses keep health checks on.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isFargateReplicaService(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const balancers = list(scan.props(node).LoadBalancers).filter(isObject);
  if (balancers.length === 0 || balancers.some((b) => b.TargetGroupArn === undefined)) return NagRuleCompliance.NON_COMPLIANT;
  const healthChecked = balancers
    .flatMap((b) => scan.refTargetsOfType(node, b.TargetGroupArn, 'AWS::ElasticLoadBalancingV2::TargetGroup'))
    .every((tg) => scan.props(tg).HealthCheckEnabled !== false && scan.props(tg).HealthCheckEnabled !== 'false');
  return healthChecked ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const ServiceBehindHealthCheckedLoadBalancer: HardenedRule = {
  control: 'APP-1',
  name: 'ServiceBehindHealthCheckedLoadBalancer',
  resourceTypes: ['AWS::ECS::Service'],
  info: 'APP-1: the Fargate service is not registered with a health-checked load balancer target group.',
  explanation: 'The load balancer spreads traffic over the tasks and takes unhealthy ones out.',
  check,
};
