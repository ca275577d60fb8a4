import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { designatedResources, isObject } from '../support';
import { firewallLogDestinations } from './logging-configurations';
import { bucketLockedFor, logGroupKeeps } from './retention';

/** Whether one log destination keeps its logs three years, immutably for S3. */
function destinationKeepsThreeYears(config: CfnResource, destination: Record<string, any>): boolean {
  const where = isObject(destination.LogDestination) ? destination.LogDestination : {};
  switch (destination.LogDestinationType) {
    case 'S3': {
      const bucket = designatedResources(config, where.bucketName, ['AWS::S3::Bucket'], ['BucketName'])[0];
      return bucket !== undefined && bucketLockedFor(bucket);
    }
    case 'CloudWatchLogs': {
      const group = designatedResources(config, where.logGroup, ['AWS::Logs::LogGroup'], ['LogGroupName'])[0];
      return group !== undefined && logGroupKeeps(group);
    }
    default:
      // Kinesis Data Firehose: where the stream delivers cannot be judged here.
      return false;
  }
}

/**
 * LOG-1: every firewall log destination keeps logs ≥ 1096 days: an S3 bucket of the app with
 * Object Lock and a default retention ≥ 1096 days, or a log group of the app retained ≥ 1096
 * days. A firewall without logging is reported by FirewallLogsAlertAndFlow, not here.
 */
export function FirewallLogsRetainedThreeYears(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::NetworkFirewall::Firewall') return NagRuleCompliance.NOT_APPLICABLE;
  const destinations = firewallLogDestinations(node);
  if (destinations.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return destinations.every((d) => destinationKeepsThreeYears(d.config, d.destination))
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
