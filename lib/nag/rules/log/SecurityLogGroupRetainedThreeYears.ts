import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { logGroupKeeps } from './retention';
import { joinedText } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Names (or construct paths) of log groups that hold security logs. */
export const SECURITY_LOG_GROUP_PATTERN = /firewall|aws-waf-logs-|cloudtrail|flow-?logs?|vpc-?flow/i;

/**
 * LOG-1: every log group holding firewall, WAF, CloudTrail or flow logs (by name, or by construct
 * path when unnamed) keeps them ≥ 1096 days (or forever).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const name = joinedText(scan.props(node).LogGroupName) ?? '';
  if (!SECURITY_LOG_GROUP_PATTERN.test(name) && !SECURITY_LOG_GROUP_PATTERN.test(node.node.path)) return NagRuleCompliance.NOT_APPLICABLE;
  return logGroupKeeps(scan, node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const SecurityLogGroupRetainedThreeYears: HardenedRule = {
  control: 'LOG-1',
  name: 'SecurityLogGroupRetainedThreeYears',
  resourceTypes: ['AWS::Logs::LogGroup'],
  info: 'LOG-1: a log group of firewall, WAF, CloudTrail or flow logs is retained less than 1096 days.',
  explanation: 'Security logs are evidence; they must outlive the three years the seeds promise.',
  check,
};
