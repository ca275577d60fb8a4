import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { webAclLoggingConfigurations } from './logging-configurations';
import { bucketLockedFor, logGroupKeeps } from './retention';
import { isObject, joinedText, list, literalString } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** A WAF log destination that keeps logs three years: an `aws-waf-logs-` log group or a locked bucket. */
function keepsThreeYears(scan: Scan, config: CfnResource, destination: unknown): boolean {
  const group = scan.designatedResources(config, destination, ['AWS::Logs::LogGroup'], ['LogGroupName'])[0];
  if (group) {
    const name = literalString(scan.props(group).LogGroupName) ?? '';
    return name.startsWith('aws-waf-logs-') && logGroupKeeps(scan, group);
  }
  const text = joinedText(destination) ?? '';
  const logGroupName = /:log-group:([^:]+)/.exec(text)?.[1];
  const named = logGroupName ? scan.resources('AWS::Logs::LogGroup').find((g) => scan.props(g).LogGroupName === logGroupName) : undefined;
  if (named) return logGroupName!.startsWith('aws-waf-logs-') && logGroupKeeps(scan, named);
  const bucket = scan.designatedResources(config, destination, ['AWS::S3::Bucket'], ['BucketName'])[0];
  return bucket !== undefined && bucketLockedFor(scan, bucket);
}

/**
 * LOG-3: every web ACL logs all requests (no logging filter that drops by default) to a
 * destination kept ≥ 1096 days: a log group named `aws-waf-logs-…` of the app, or an Object Lock
 * bucket of the app.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const logged = webAclLoggingConfigurations(scan, node).some((config) => {
    const p = scan.props(config);
    const filter = p.LoggingFilter;
    if (isObject(filter) && filter.DefaultBehavior === 'DROP') return false;
    const destinations = list(p.LogDestinationConfigs);
    return destinations.length > 0 && destinations.every((d) => keepsThreeYears(scan, config, d));
  });
  return logged ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const WebAclLogged: HardenedRule = {
  control: 'LOG-3',
  name: 'WebAclLogged',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'LOG-3: the web ACL does not log every request to an aws-waf-logs- log group (or locked bucket) kept ≥ 1096 days.',
  explanation: 'Access patterns are evidence of attacks and must be kept; a logging filter that drops by default loses them.',
  check,
};
