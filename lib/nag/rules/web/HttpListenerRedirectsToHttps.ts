import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { LISTENER, LISTENER_RULE, actionsOf } from './listeners';
import { isObject } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** A permanent redirect to HTTPS. */
function isHttpsRedirect(action: Record<string, any>): boolean {
  const redirect = action.RedirectConfig;
  return action.Type === 'redirect' && isObject(redirect) && redirect.Protocol === 'HTTPS' && redirect.StatusCode === 'HTTP_301';
}

/**
 * WEB-3: a plain-HTTP listener only redirects to HTTPS (301), by default and in every listener
 * rule attached to it, so that nothing is ever served in clear text.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (scan.props(node).Protocol !== 'HTTP') return NagRuleCompliance.NOT_APPLICABLE;
  const rules = scan.resources(LISTENER_RULE).filter((r) => scan.refersTo(r, scan.props(r).ListenerArn, node));
  const actions = [...actionsOf(scan, node), ...rules.flatMap((r) => actionsOf(scan, r))];
  return actions.length > 0 && actions.every(isHttpsRedirect) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const HttpListenerRedirectsToHttps: HardenedRule = {
  control: 'WEB-3',
  name: 'HttpListenerRedirectsToHttps',
  resourceTypes: [LISTENER],
  info: 'WEB-3: the HTTP listener does something other than redirect to HTTPS with a 301.',
  explanation: 'Nothing may be served in clear text; plain HTTP exists only to send clients to HTTPS.',
  check,
};
