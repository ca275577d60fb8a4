import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { functionTargets } from '../mon/guardduty';
import { appResources, designatedResources, isObject, isTrue, joinedText, list, parseJsonValue, props, refersTo, stringList } from '../support';
import { firewallLogDestinations } from './logging-configurations';
import { logGroupKeeps } from './retention';

/** Whether `value` (a reference or a literal name) designates a log group of the app kept ≥ 1096 days. */
function keptLogGroup(consumer: CfnResource, value: unknown): boolean {
  return designatedResources(consumer, value, ['AWS::Logs::LogGroup'], ['LogGroupName']).some((group) => logGroupKeeps(group));
}

/** Whether the bucket sends its object events to EventBridge: set on the bucket, or by CDK's `eventBridgeEnabled` custom resource. */
function sendsEventsToEventBridge(bucket: CfnResource): boolean {
  if (isTrue(props(bucket).NotificationConfiguration?.EventBridgeConfiguration?.EventBridgeEnabled)) return true;
  return appResources(bucket, 'Custom::S3BucketNotifications').some(
    (c) => refersTo(c, props(c).BucketName, bucket) && isObject(props(c).NotificationConfiguration?.EventBridgeConfiguration),
  );
}

/**
 * Whether an enabled EventBridge rule copies the bucket's ALERT objects: Object Created of the
 * bucket (which sends its events to EventBridge), every key pattern a prefix under
 * `<prefix>/AWSLogs/` naming `/network-firewall/alert/` (so FLOW objects never match), a Lambda
 * target whose environment names a log group kept ≥ 1096 days.
 */
function copiedFromBucket(bucket: CfnResource, prefix: string): boolean {
  if (!sendsEventsToEventBridge(bucket)) return false;
  const objectsUnder = `${prefix === '' ? '' : `${prefix}/`}AWSLogs/`;
  return appResources(bucket, 'AWS::Events::Rule').some((rule) => {
    const p = props(rule);
    const pattern = parseJsonValue(p.EventPattern);
    if (p.State === 'DISABLED' || !isObject(pattern)) return false;
    if (!stringList(pattern.source).includes('aws.s3') || !stringList(pattern['detail-type']).includes('Object Created')) return false;
    const detail = isObject(pattern.detail) ? pattern.detail : {};
    const names = list(isObject(detail.bucket) ? detail.bucket.name : undefined);
    if (!names.some((name) => designatedResources(rule, name, ['AWS::S3::Bucket'], ['BucketName']).includes(bucket))) return false;
    const keys = list(isObject(detail.object) ? detail.object.key : undefined);
    const alertsOnly =
      keys.length > 0 &&
      keys.every((k) => {
        const text = isObject(k) ? joinedText(k.prefix) ?? '' : '';
        return text.startsWith(objectsUnder) && text.includes('/network-firewall/alert/');
      });
    return alertsOnly && functionTargets(rule).some(({ fn }) => Object.values(props(fn).Environment?.Variables ?? {}).some((v) => keptLogGroup(fn, v)));
  });
}

/**
 * LOG-1: the firewall's ALERT logs are searchable in CloudWatch Logs for three years: delivered
 * to a log group of the app kept ≥ 1096 days, or delivered to an S3 bucket of the app and copied
 * from there to such a log group (see `copiedFromBucket`). A firewall without ALERT logging is
 * reported by FirewallLogsAlertAndFlow, not here.
 */
export function FirewallAlertsSearchableInCloudWatch(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::NetworkFirewall::Firewall') return NagRuleCompliance.NOT_APPLICABLE;
  const alerts = firewallLogDestinations(node).filter((d) => d.destination.LogType === 'ALERT');
  if (alerts.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const searchable = alerts.every(({ config, destination }) => {
    const where = isObject(destination.LogDestination) ? destination.LogDestination : {};
    if (destination.LogDestinationType === 'CloudWatchLogs') return keptLogGroup(config, where.logGroup);
    if (destination.LogDestinationType !== 'S3') return false;
    const bucket = designatedResources(config, where.bucketName, ['AWS::S3::Bucket'], ['BucketName'])[0];
    return bucket !== undefined && copiedFromBucket(bucket, joinedText(where.prefix) ?? '');
  });
  return searchable ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
