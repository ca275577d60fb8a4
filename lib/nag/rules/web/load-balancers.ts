/** Reading load balancers (WEB-1, WEB-3, LOG-3, MON-2, MON-5). */
import { CfnResource } from 'aws-cdk-lib';
import { Scan } from '../../engine/scan';
import { keyValueMap } from '../../engine/values';

export const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

/** Whether a load balancer is an Application Load Balancer (Type absent or `application`). */
export function isApplicationLoadBalancer(scan: Scan, node: CfnResource): boolean {
  if (node.cfnResourceType !== LOAD_BALANCER) return false;
  const type = scan.props(node).Type;
  return type === undefined || type === 'application';
}

/** Whether an ALB faces the internet (Scheme absent or `internet-facing`). */
export function isInternetFacingAlb(scan: Scan, node: CfnResource): boolean {
  if (!isApplicationLoadBalancer(scan, node)) return false;
  const scheme = scan.props(node).Scheme;
  return scheme === undefined || scheme === 'internet-facing';
}

/** The load balancer attributes as a key → value map. */
export function loadBalancerAttributes(scan: Scan, node: CfnResource): Record<string, unknown> {
  return keyValueMap(scan.props(node).LoadBalancerAttributes);
}
