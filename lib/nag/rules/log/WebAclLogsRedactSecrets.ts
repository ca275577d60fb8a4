import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { webAclLoggingConfigurations } from './logging-configurations';
import { isObject, list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Request headers that carry credentials and must never reach the logs. */
export const REDACTED_HEADERS = ['authorization', 'cookie'];

/**
 * LOG-3: WAF logs do not keep credentials: every logging configuration of the web ACL redacts
 * the `authorization` and `cookie` headers. A web ACL without logging is reported by WebAclLogged.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const configs = webAclLoggingConfigurations(scan, node);
  if (configs.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const redacts = configs.every((config) => {
    const headers = list(scan.props(config).RedactedFields)
      .map((f) => (isObject(f) && isObject(f.SingleHeader) && typeof f.SingleHeader.Name === 'string' ? f.SingleHeader.Name.toLowerCase() : undefined))
      .filter((h): h is string => h !== undefined);
    return REDACTED_HEADERS.every((h) => headers.includes(h));
  });
  return redacts ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const WebAclLogsRedactSecrets: HardenedRule = {
  control: 'LOG-3',
  name: 'WebAclLogsRedactSecrets',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'LOG-3: WAF logging does not redact the authorization and cookie headers.',
  explanation: 'Logs kept for years must not hold session cookies or credentials that would let a reader sign in as a user.',
  check,
};
