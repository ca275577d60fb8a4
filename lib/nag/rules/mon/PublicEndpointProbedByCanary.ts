import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, isInternetFacingAlb, literalString, props } from '../support';

/**
 * MON-2: the public endpoint is probed from outside: the app has a CloudWatch Synthetics canary
 * that runs on a schedule (not `rate(0 minute)`, which runs once). Applied on every
 * internet-facing ALB.
 */
export function PublicEndpointProbedByCanary(node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const probed = appResources(node, 'AWS::Synthetics::Canary').some((canary) => {
    const expression = literalString(props(canary).Schedule?.Expression)?.trim() ?? '';
    return expression !== '' && !/^rate\(\s*0\s+minutes?\s*\)$/.test(expression);
  });
  return probed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
