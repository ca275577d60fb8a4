/** Reading ELBv2 listeners and their actions (WEB-3, WEB-4, WEB-5). */
import { CfnResource } from 'aws-cdk-lib';
import { isObject, keyValueMap, list } from '../../engine/values';
import { Scan } from '../../engine/scan';

export const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
export const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';

/** The actions of a listener (DefaultActions) or a listener rule (Actions). */
export function actionsOf(scan: Scan, node: CfnResource): Record<string, any>[] {
  const p = scan.props(node);
  if (node.cfnResourceType === LISTENER) return list(p.DefaultActions).filter(isObject);
  if (node.cfnResourceType === LISTENER_RULE) return list(p.Actions).filter(isObject);
  return [];
}

/** The listener attributes as a key → value map. */
export function listenerAttributes(scan: Scan, node: CfnResource): Record<string, unknown> {
  return keyValueMap(scan.props(node).ListenerAttributes);
}
