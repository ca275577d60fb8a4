import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../engine/values';
import { isApplicationLoadBalancer, loadBalancerAttributes } from './load-balancers';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * WEB-3: every Application Load Balancer drops requests with invalid header fields and uses the
 * strictest HTTP desync mitigation (request smuggling is refused, not forwarded).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isApplicationLoadBalancer(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const attributes = loadBalancerAttributes(scan, node);
  return isTrue(attributes['routing.http.drop_invalid_header_fields.enabled']) && attributes['routing.http.desync_mitigation_mode'] === 'strictest'
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}

export const AlbDropsInvalidHeaders: HardenedRule = {
  control: 'WEB-3',
  name: 'AlbDropsInvalidHeaders',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  info: 'WEB-3: the Application Load Balancer does not drop invalid header fields or does not use the strictest desync mitigation.',
  explanation: 'Malformed headers and ambiguous requests are the raw material of request smuggling.',
  check,
};
