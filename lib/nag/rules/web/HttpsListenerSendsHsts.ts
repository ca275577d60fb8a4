import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { LISTENER, listenerAttributes } from './listeners';
import { literalString } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** The listener attribute that makes the ALB add Strict-Transport-Security to responses. */
export const HSTS_ATTRIBUTE = 'routing.http.response.strict_transport_security.header_value';
/** The shortest HSTS max-age accepted: one year. */
export const MIN_HSTS_MAX_AGE_SECONDS = 31536000;

/** WEB-3: every HTTPS listener sends HSTS with a max-age of at least one year. */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (scan.props(node).Protocol !== 'HTTPS') return NagRuleCompliance.NOT_APPLICABLE;
  const header = literalString(listenerAttributes(scan, node)[HSTS_ATTRIBUTE]) ?? '';
  const maxAge = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(header);
  return maxAge && Number(maxAge[1]) >= MIN_HSTS_MAX_AGE_SECONDS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const HttpsListenerSendsHsts: HardenedRule = {
  control: 'WEB-3',
  name: 'HttpsListenerSendsHsts',
  resourceTypes: [LISTENER],
  info: 'WEB-3: the HTTPS listener does not send Strict-Transport-Security with a max-age of at least one year.',
  explanation: 'HSTS makes browsers refuse plain HTTP to the site, closing the downgrade window.',
  check,
};
