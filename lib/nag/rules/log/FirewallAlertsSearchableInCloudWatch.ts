import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { functionTargets } from '../mon/guardduty';
import { firewallLogDestinations } from './logging-configurations';
import { logGroupKeeps } from './retention';
import { isObject, isTrue, joinedText, list, parseJsonValue, stringList } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Whether `value` (a reference or a literal name) designates a log group of the app kept ≥ 1096 days. */
function keptLogGroup(scan: Scan, consumer: CfnResource, value: unknown): boolean {
  return scan.designatedResources(consumer, value, ['AWS::Logs::LogGroup'], ['LogGroupName']).some((group) => logGroupKeeps(scan, group));
}

/** Whether the bucket sends its object events to EventBridge: set on the bucket, or by CDK's `eventBridgeEnabled` custom resource. */
function sendsEventsToEventBridge(scan: Scan, bucket: CfnResource): boolean {
  if (isTrue(scan.props(bucket).NotificationConfiguration?.EventBridgeConfiguration?.EventBridgeEnabled)) return true;
  return scan.resources('Custom::S3BucketNotifications').some(
    (c) => scan.refersTo(c, scan.props(c).BucketName, bucket) && isObject(scan.props(c).NotificationConfiguration?.EventBridgeConfiguration),
  );
}

/**
 * Whether an enabled EventBridge rule copies the bucket's ALERT objects: Object Created of the
 * bucket (which sends its events to EventBridge), every key pattern a prefix under
 * `<prefix>/AWSLogs/` naming `/network-firewall/alert/` (so FLOW objects never match), a Lambda
 * target whose environment names a log group kept ≥ 1096 days.
 */
function copiedFromBucket(scan: Scan, bucket: CfnResource, prefix: string): boolean {
  if (!sendsEventsToEventBridge(scan, bucket)) return false;
  const objectsUnder = `${prefix === '' ? '' : `${prefix}/`}AWSLogs/`;
  return scan.resources('AWS::Events::Rule').some((rule) => {
    const p = scan.props(rule);
    const pattern = parseJsonValue(p.EventPattern);
    if (p.State === 'DISABLED' || !isObject(pattern)) return false;
    if (!stringList(pattern.source).includes('aws.s3') || !stringList(pattern['detail-type']).includes('Object Created')) return false;
    const detail = isObject(pattern.detail) ? pattern.detail : {};
    const names = list(isObject(detail.bucket) ? detail.bucket.name : undefined);
    if (!names.some((name) => scan.designatedResources(rule, name, ['AWS::S3::Bucket'], ['BucketName']).includes(bucket))) return false;
    const keys = list(isObject(detail.object) ? detail.object.key : undefined);
    const alertsOnly =
      keys.length > 0 &&
      keys.every((k) => {
        const text = isObject(k) ? joinedText(k.prefix) ?? '' : '';
        return text.startsWith(objectsUnder) && text.includes('/network-firewall/alert/');
      });
    return alertsOnly && functionTargets(scan, rule).some(({ fn }) => Object.values(scan.props(fn).Environment?.Variables ?? {}).some((v) => keptLogGroup(scan, fn, v)));
  });
}

/**
 * LOG-1: the firewall's ALERT logs are searchable in CloudWatch Logs for three years: delivered
 * to a log group of the app kept ≥ 1096 days, or delivered to an S3 bucket of the app and copied
 * from there to such a log group (see `copiedFromBucket`). A firewall without ALERT logging is
 * reported by FirewallLogsAlertAndFlow, not here.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const alerts = firewallLogDestinations(scan, node).filter((d) => d.destination.LogType === 'ALERT');
  if (alerts.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const searchable = alerts.every(({ config, destination }) => {
    const where = isObject(destination.LogDestination) ? destination.LogDestination : {};
    if (destination.LogDestinationType === 'CloudWatchLogs') return keptLogGroup(scan, config, where.logGroup);
    if (destination.LogDestinationType !== 'S3') return false;
    const bucket = scan.designatedResources(config, where.bucketName, ['AWS::S3::Bucket'], ['BucketName'])[0];
    return bucket !== undefined && copiedFromBucket(scan, bucket, joinedText(where.prefix) ?? '');
  });
  return searchable ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const FirewallAlertsSearchableInCloudWatch: HardenedRule = {
  control: 'LOG-1',
  name: 'FirewallAlertsSearchableInCloudWatch',
  resourceTypes: ['AWS::NetworkFirewall::Firewall'],
  info: "LOG-1: the Network Firewall's ALERT logs are not searchable in CloudWatch Logs (delivered to a log group kept ≥ 1096 days, or copied to one from their S3 destination by an EventBridge rule on Object Created under the ALERT prefix invoking a Lambda function).",
  explanation: 'Alerts are what an investigation searches first; the locked S3 archive keeps them immutable but cannot be queried, so a copy kept as long must be searchable in Logs Insights.',
  check,
};
