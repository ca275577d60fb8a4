import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, list, props } from '../support';
import { webAclLoggingConfigurations } from './logging-configurations';

/** Request headers that carry credentials and must never reach the logs. */
export const REDACTED_HEADERS = ['authorization', 'cookie'];

/**
 * LOG-3: WAF logs do not keep credentials: every logging configuration of the web ACL redacts
 * the `authorization` and `cookie` headers. A web ACL without logging is reported by WebAclLogged.
 */
export function WebAclLogsRedactSecrets(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NagRuleCompliance.NOT_APPLICABLE;
  const configs = webAclLoggingConfigurations(node);
  if (configs.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const redacts = configs.every((config) => {
    const headers = list(props(config).RedactedFields)
      .map((f) => (isObject(f) && isObject(f.SingleHeader) && typeof f.SingleHeader.Name === 'string' ? f.SingleHeader.Name.toLowerCase() : undefined))
      .filter((h): h is string => h !== undefined);
    return REDACTED_HEADERS.every((h) => headers.includes(h));
  });
  return redacts ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
