import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, literalNumber, props } from '../support';
import { isFargateReplicaService } from './ecs';

/**
 * APP-1: a deployment never lowers capacity and a failing one rolls back: the deployment circuit
 * breaker is enabled with rollback, and MinimumHealthyPercent is ≥ 100 (absent means 100).
 */
export function ServiceDeploymentRollsBack(node: CfnResource): NagRuleCompliance {
  if (!isFargateReplicaService(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const config = props(node).DeploymentConfiguration;
  const breaker = config?.DeploymentCircuitBreaker;
  const minHealthy = config?.MinimumHealthyPercent === undefined ? 100 : literalNumber(config.MinimumHealthyPercent);
  return isTrue(breaker?.Enable) && isTrue(breaker?.Rollback) && minHealthy !== undefined && minHealthy >= 100
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
