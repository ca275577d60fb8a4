import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, isObject, props, refersTo } from '../support';
import { LISTENER, LISTENER_RULE, actionsOf } from './listeners';

/** A permanent redirect to HTTPS. */
function isHttpsRedirect(action: Record<string, any>): boolean {
  const redirect = action.RedirectConfig;
  return action.Type === 'redirect' && isObject(redirect) && redirect.Protocol === 'HTTPS' && redirect.StatusCode === 'HTTP_301';
}

/**
 * WEB-3: a plain-HTTP listener only redirects to HTTPS (301), by default and in every listener
 * rule attached to it, so that nothing is ever served in clear text.
 */
export function HttpListenerRedirectsToHttps(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== LISTENER || props(node).Protocol !== 'HTTP') return NagRuleCompliance.NOT_APPLICABLE;
  const rules = appResources(node, LISTENER_RULE).filter((r) => refersTo(r, props(r).ListenerArn, node));
  const actions = [...actionsOf(node), ...rules.flatMap(actionsOf)];
  return actions.length > 0 && actions.every(isHttpsRedirect) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
