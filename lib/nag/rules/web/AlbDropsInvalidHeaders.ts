import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isApplicationLoadBalancer, isTrue, loadBalancerAttributes } from '../support';

/**
 * WEB-3: every Application Load Balancer drops requests with invalid header fields and uses the
 * strictest HTTP desync mitigation (request smuggling is refused, not forwarded).
 */
export function AlbDropsInvalidHeaders(node: CfnResource): NagRuleCompliance {
  if (!isApplicationLoadBalancer(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const attributes = loadBalancerAttributes(node);
  return isTrue(attributes['routing.http.drop_invalid_header_fields.enabled']) && attributes['routing.http.desync_mitigation_mode'] === 'strictest'
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
