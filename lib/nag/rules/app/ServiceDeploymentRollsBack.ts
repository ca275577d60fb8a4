import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isFargateReplicaService } from './ecs';
import { isTrue, literalNumber } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * APP-1: a deployment never lowers capacity and a failing one rolls back: the deployment circuit
 * breaker is enabled with rollback, and MinimumHealthyPercent is ≥ 100 (absent means 100).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isFargateReplicaService(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const config = scan.props(node).DeploymentConfiguration;
  const breaker = config?.DeploymentCircuitBreaker;
  const minHealthy = config?.MinimumHealthyPercent === undefined ? 100 : literalNumber(config.MinimumHealthyPercent);
  return isTrue(breaker?.Enable) && isTrue(breaker?.Rollback) && minHealthy !== undefined && minHealthy >= 100
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}

export const ServiceDeploymentRollsBack: HardenedRule = {
  control: 'APP-1',
  name: 'ServiceDeploymentRollsBack',
  resourceTypes: ['AWS::ECS::Service'],
  info: 'APP-1: the service deployment has no circuit breaker with rollback, or lets capacity drop below 100 %.',
  explanation: 'A failing deployment must roll back on its own without lowering the running capacity.',
  check,
};
