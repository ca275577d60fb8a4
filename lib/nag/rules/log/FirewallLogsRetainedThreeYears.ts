import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { firewallLogDestinations } from './logging-configurations';
import { bucketLockedFor, logGroupKeeps } from './retention';
import { isObject } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Whether one log destination keeps its logs three years, immutably for S3. */
function destinationKeepsThreeYears(scan: Scan, config: CfnResource, destination: Record<string, any>): boolean {
  const where = isObject(destination.LogDestination) ? destination.LogDestination : {};
  switch (destination.LogDestinationType) {
    case 'S3': {
      const bucket = scan.designatedResources(config, where.bucketName, ['AWS::S3::Bucket'], ['BucketName'])[0];
      return bucket !== undefined && bucketLockedFor(scan, bucket);
    }
    case 'CloudWatchLogs': {
      const group = scan.designatedResources(config, where.logGroup, ['AWS::Logs::LogGroup'], ['LogGroupName'])[0];
      return group !== undefined && logGroupKeeps(scan, group);
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
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const destinations = firewallLogDestinations(scan, node);
  if (destinations.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return destinations.every((d) => destinationKeepsThreeYears(scan, d.config, d.destination))
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}

export const FirewallLogsRetainedThreeYears: HardenedRule = {
  control: 'LOG-1',
  name: 'FirewallLogsRetainedThreeYears',
  resourceTypes: ['AWS::NetworkFirewall::Firewall'],
  info: 'LOG-1: a firewall log destination does not keep logs ≥ 1096 days (S3 with Object Lock default retention ≥ 1096 days, or a log group retained ≥ 1096 days).',
  explanation: 'Seed S3 promises firewall logs kept three years; Object Lock makes them immutable for that time.',
  check,
};
