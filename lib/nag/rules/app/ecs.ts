/** Reading ECS services and task definitions (APP-1, APP-2, APP-3). */
import { CfnResource } from 'aws-cdk-lib';
import { isObject, list } from '../../engine/values';
import { Scan } from '../../engine/scan';

export const ECS_SERVICE = 'AWS::ECS::Service';
export const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';

/** A replica service that runs (or may run) on Fargate: not DAEMON, not EC2/EXTERNAL launch type, not EC2 capacity providers only. */
export function isFargateReplicaService(scan: Scan, node: CfnResource): boolean {
  if (node.cfnResourceType !== ECS_SERVICE) return false;
  const p = scan.props(node);
  if (p.SchedulingStrategy === 'DAEMON') return false;
  if (p.LaunchType !== undefined) return p.LaunchType === 'FARGATE';
  const providers = list(p.CapacityProviderStrategy).filter(isObject);
  return providers.length === 0 || providers.some((s) => s.CapacityProvider === 'FARGATE' || s.CapacityProvider === 'FARGATE_SPOT');
}

/** The container definitions of a task definition (objects only). */
export function containersOf(scan: Scan, taskDefinition: CfnResource): Record<string, any>[] {
  return list(scan.props(taskDefinition).ContainerDefinitions).filter(isObject);
}
