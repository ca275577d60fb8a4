import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { WEB_ACL, webAclRules } from './waf';
import { has, isObject } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** WEB-2: every web ACL blocks a client (source or forwarded IP) that sends more than its rate limit. */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const limited = webAclRules(scan, node).some((r) => {
    const rate = r.Statement?.RateBasedStatement;
    return has(r.Action, 'Block') && isObject(rate) && (rate.AggregateKeyType === 'IP' || rate.AggregateKeyType === 'FORWARDED_IP');
  });
  return limited ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const WebAclRateLimitsClients: HardenedRule = {
  control: 'WEB-2',
  name: 'WebAclRateLimitsClients',
  resourceTypes: [WEB_ACL],
  info: 'WEB-2: the web ACL has no blocking rate-based rule keyed on the client IP.',
  explanation: 'Per-client rate limits contain floods, scraping and credential stuffing.',
  check,
};
