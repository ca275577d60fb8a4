import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { literalString, props } from '../support';
import { LISTENER, listenerAttributes } from './listeners';

/** The listener attribute that makes the ALB add Strict-Transport-Security to responses. */
export const HSTS_ATTRIBUTE = 'routing.http.response.strict_transport_security.header_value';
/** The shortest HSTS max-age accepted: one year. */
export const MIN_HSTS_MAX_AGE_SECONDS = 31536000;

/** WEB-3: every HTTPS listener sends HSTS with a max-age of at least one year. */
export function HttpsListenerSendsHsts(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== LISTENER || props(node).Protocol !== 'HTTPS') return NagRuleCompliance.NOT_APPLICABLE;
  const header = literalString(listenerAttributes(node)[HSTS_ATTRIBUTE]) ?? '';
  const maxAge = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(header);
  return maxAge && Number(maxAge[1]) >= MIN_HSTS_MAX_AGE_SECONDS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
