import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { actionsOf } from './listeners';
import { isObject, literalNumber } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** The longest ALB sign-in session accepted (auto-logout): 12 hours. The ALB default is 7 days. */
export const MAX_SESSION_TIMEOUT_SECONDS = 43200;

/**
 * WEB-5: every ALB sign-in (authenticate-cognito or authenticate-oidc action of a listener or
 * listener rule) ends its session after at most 12 hours. Not applicable without sign-in.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const configs = actionsOf(scan, node)
    .map((a) => (a.Type === 'authenticate-cognito' ? a.AuthenticateCognitoConfig : a.Type === 'authenticate-oidc' ? a.AuthenticateOidcConfig : undefined))
    .filter((c) => c !== undefined);
  if (configs.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const bounded = configs.every((c) => {
    const timeout = isObject(c) ? literalNumber(c.SessionTimeout) : undefined;
    return timeout !== undefined && timeout > 0 && timeout <= MAX_SESSION_TIMEOUT_SECONDS;
  });
  return bounded ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const SignInSessionTimesOut: HardenedRule = {
  control: 'WEB-5',
  name: 'SignInSessionTimesOut',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule'],
  info: 'WEB-5: an ALB sign-in action has no session timeout of at most 12 hours (the default is 7 days).',
  explanation: 'Auto-logout limits what an unattended or stolen session can do.',
  check,
};
