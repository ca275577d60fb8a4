import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { literalString } from '../../engine/values';
import { isInternetFacingAlb } from '../web/load-balancers';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * MON-2: the public endpoint is probed from outside: the app has a CloudWatch Synthetics canary
 * that runs on a schedule (not `rate(0 minute)`, which runs once). Applied on every
 * internet-facing ALB.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const probed = scan.resources('AWS::Synthetics::Canary').some((canary) => {
    const expression = literalString(scan.props(canary).Schedule?.Expression)?.trim() ?? '';
    return expression !== '' && !/^rate\(\s*0\s+minutes?\s*\)$/.test(expression);
  });
  return probed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const PublicEndpointProbedByCanary: HardenedRule = {
  control: 'MON-2',
  name: 'PublicEndpointProbedByCanary',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  info: 'MON-2: no scheduled Synthetics canary probes the public endpoint.',
  explanation: 'An outside-in probe sees failures that no component metric shows.',
  check,
};
