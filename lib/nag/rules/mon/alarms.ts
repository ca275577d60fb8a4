/** Reading CloudWatch alarms and what they watch (MON-1, MON-2, MON-5). */
import { CfnResource } from 'aws-cdk-lib';
import { isObject, list, literalString } from '../../engine/values';
import { Scan } from '../../engine/scan';

export const ALARM = 'AWS::CloudWatch::Alarm';
export const COMPOSITE_ALARM = 'AWS::CloudWatch::CompositeAlarm';

/** The metric entries of a metric-math alarm (objects only). */
export function metricEntries(scan: Scan, alarm: CfnResource): Record<string, any>[] {
  return list(scan.props(alarm).Metrics).filter(isObject);
}

/** The dimension values of an alarm, of its single metric and of its metric-math entries. */
export function dimensionValues(scan: Scan, alarm: CfnResource): unknown[] {
  const direct = list(scan.props(alarm).Dimensions);
  const nested = metricEntries(scan, alarm).flatMap((m) => list(m.MetricStat?.Metric?.Dimensions));
  return [...direct, ...nested].filter(isObject).map((d) => d.Value);
}

/** The literal names a resource is known by in CloudWatch dimensions, by type. */
const NAME_PROPERTIES: Record<string, string[]> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Name'],
  'AWS::ECS::Service': ['ServiceName'],
  'AWS::RDS::DBInstance': ['DBInstanceIdentifier'],
  'AWS::NetworkFirewall::Firewall': ['FirewallName'],
  'AWS::WAFv2::WebACL': ['Name'],
  'AWS::Lambda::Function': ['FunctionName'],
};

/** Whether a dimension value of `alarm` designates `resource` (a reference to it, or its literal name). */
export function dimensionDesignates(scan: Scan, alarm: CfnResource, value: unknown, resource: CfnResource): boolean {
  if (scan.refersTo(alarm, value, resource)) return true;
  const text = literalString(value);
  if (text === undefined) return false;
  return (NAME_PROPERTIES[resource.cfnResourceType] ?? []).some((p) => {
    const name = literalString(scan.props(resource)[p]);
    return name !== undefined && name.toLowerCase() === text.toLowerCase();
  });
}

/** The alarms of the app that watch `resource` (a dimension designates it). */
export function alarmsWatching(scan: Scan, resource: CfnResource): CfnResource[] {
  return scan.resources(ALARM).filter((alarm) => dimensionValues(scan, alarm).some((v) => dimensionDesignates(scan, alarm, v, resource)));
}

/** Every action value of an alarm or composite alarm (AlarmActions, OKActions, InsufficientDataActions). */
export function alarmActionValues(scan: Scan, alarm: CfnResource): unknown[] {
  const p = scan.props(alarm);
  return [...list(p.AlarmActions), ...list(p.OKActions), ...list(p.InsufficientDataActions)];
}
