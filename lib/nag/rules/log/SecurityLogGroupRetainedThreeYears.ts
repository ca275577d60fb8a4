import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { joinedText, props } from '../support';
import { logGroupKeeps } from './retention';

/** Names (or construct paths) of log groups that hold security logs. */
export const SECURITY_LOG_GROUP_PATTERN = /firewall|aws-waf-logs-|cloudtrail|flow-?logs?|vpc-?flow/i;

/**
 * LOG-1: every log group holding firewall, WAF, CloudTrail or flow logs (by name, or by construct
 * path when unnamed) keeps them ≥ 1096 days (or forever).
 */
export function SecurityLogGroupRetainedThreeYears(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
  const name = joinedText(props(node).LogGroupName) ?? '';
  if (!SECURITY_LOG_GROUP_PATTERN.test(name) && !SECURITY_LOG_GROUP_PATTERN.test(node.node.path)) return NagRuleCompliance.NOT_APPLICABLE;
  return logGroupKeeps(node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
