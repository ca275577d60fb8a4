import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, designatedResources, isObject, joinedText, list, literalString, props } from '../support';
import { webAclLoggingConfigurations } from './logging-configurations';
import { bucketLockedFor, logGroupKeeps } from './retention';

/** A WAF log destination that keeps logs three years: an `aws-waf-logs-` log group or a locked bucket. */
function keepsThreeYears(config: CfnResource, destination: unknown): boolean {
  const group = designatedResources(config, destination, ['AWS::Logs::LogGroup'], ['LogGroupName'])[0];
  if (group) {
    const name = literalString(props(group).LogGroupName) ?? '';
    return name.startsWith('aws-waf-logs-') && logGroupKeeps(group);
  }
  const text = joinedText(destination) ?? '';
  const logGroupName = /:log-group:([^:]+)/.exec(text)?.[1];
  const named = logGroupName ? appResources(config, 'AWS::Logs::LogGroup').find((g) => props(g).LogGroupName === logGroupName) : undefined;
  if (named) return logGroupName!.startsWith('aws-waf-logs-') && logGroupKeeps(named);
  const bucket = designatedResources(config, destination, ['AWS::S3::Bucket'], ['BucketName'])[0];
  return bucket !== undefined && bucketLockedFor(bucket);
}

/**
 * LOG-3: every web ACL logs all requests (no logging filter that drops by default) to a
 * destination kept ≥ 1096 days: a log group named `aws-waf-logs-…` of the app, or an Object Lock
 * bucket of the app.
 */
export function WebAclLogged(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NagRuleCompliance.NOT_APPLICABLE;
  const logged = webAclLoggingConfigurations(node).some((config) => {
    const p = props(config);
    const filter = p.LoggingFilter;
    if (isObject(filter) && filter.DefaultBehavior === 'DROP') return false;
    const destinations = list(p.LogDestinationConfigs);
    return destinations.length > 0 && destinations.every((d) => keepsThreeYears(config, d));
  });
  return logged ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
