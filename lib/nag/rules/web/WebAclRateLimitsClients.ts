import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { has, isObject } from '../support';
import { WEB_ACL, webAclRules } from './waf';

/** WEB-2: every web ACL blocks a client (source or forwarded IP) that sends more than its rate limit. */
export function WebAclRateLimitsClients(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== WEB_ACL) return NagRuleCompliance.NOT_APPLICABLE;
  const limited = webAclRules(node).some((r) => {
    const rate = r.Statement?.RateBasedStatement;
    return has(r.Action, 'Block') && isObject(rate) && (rate.AggregateKeyType === 'IP' || rate.AggregateKeyType === 'FORWARDED_IP');
  });
  return limited ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
