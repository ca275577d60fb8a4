import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, list, props, refTargetsOfType } from '../support';
import { isFargateReplicaService } from './ecs';

/**
 * APP-1: a Fargate service is registered with a load balancer target group, and the target
 * groups of the app it uses keep health checks on.
 */
export function ServiceBehindHealthCheckedLoadBalancer(node: CfnResource): NagRuleCompliance {
  if (!isFargateReplicaService(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const balancers = list(props(node).LoadBalancers).filter(isObject);
  if (balancers.length === 0 || balancers.some((b) => b.TargetGroupArn === undefined)) return NagRuleCompliance.NON_COMPLIANT;
  const healthChecked = balancers
    .flatMap((b) => refTargetsOfType(node, b.TargetGroupArn, 'AWS::ElasticLoadBalancingV2::TargetGroup'))
    .every((tg) => props(tg).HealthCheckEnabled !== false && props(tg).HealthCheckEnabled !== 'false');
  return healthChecked ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
