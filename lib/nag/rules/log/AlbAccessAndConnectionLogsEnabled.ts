import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../engine/values';
import { isApplicationLoadBalancer, loadBalancerAttributes } from '../web/load-balancers';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** LOG-3: every Application Load Balancer writes access logs and connection logs (client certificates, TLS). */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isApplicationLoadBalancer(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const attributes = loadBalancerAttributes(scan, node);
  return isTrue(attributes['access_logs.s3.enabled']) && isTrue(attributes['connection_logs.s3.enabled'])
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}

export const AlbAccessAndConnectionLogsEnabled: HardenedRule = {
  control: 'LOG-3',
  name: 'AlbAccessAndConnectionLogsEnabled',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  info: 'LOG-3: the Application Load Balancer does not write both access logs and connection logs.',
  explanation: 'Access logs record every request, connection logs the TLS handshake and client certificate; both are part of the access record.',
  check,
};
