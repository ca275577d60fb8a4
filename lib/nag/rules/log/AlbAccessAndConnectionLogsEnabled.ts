import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isApplicationLoadBalancer, isTrue, loadBalancerAttributes } from '../support';

/** LOG-3: every Application Load Balancer writes access logs and connection logs (client certificates, TLS). */
export function AlbAccessAndConnectionLogsEnabled(node: CfnResource): NagRuleCompliance {
  if (!isApplicationLoadBalancer(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const attributes = loadBalancerAttributes(node);
  return isTrue(attributes['access_logs.s3.enabled']) && isTrue(attributes['connection_logs.s3.enabled'])
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
