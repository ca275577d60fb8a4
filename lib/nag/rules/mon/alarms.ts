/** Reading CloudWatch alarms and what they watch (MON-1, MON-2, MON-5). */
import { CfnResource } from 'aws-cdk-lib';
import { appResources, isObject, list, literalString, props, refersTo } from '../support';

export const ALARM = 'AWS::CloudWatch::Alarm';
export const COMPOSITE_ALARM = 'AWS::CloudWatch::CompositeAlarm';

/** The metric entries of a metric-math alarm (objects only). */
export function metricEntries(alarm: CfnResource): Record<string, any>[] {
  return list(props(alarm).Metrics).filter(isObject);
}

/** The dimension values of an alarm, of its single metric and of its metric-math entries. */
export function dimensionValues(alarm: CfnResource): unknown[] {
  const direct = list(props(alarm).Dimensions);
  const nested = metricEntries(alarm).flatMap((m) => list(m.MetricStat?.Metric?.Dimensions));
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
export function dimensionDesignates(alarm: CfnResource, value: unknown, resource: CfnResource): boolean {
  if (refersTo(alarm, value, resource)) return true;
  const text = literalString(value);
  if (text === undefined) return false;
  return (NAME_PROPERTIES[resource.cfnResourceType] ?? []).some((p) => {
    const name = literalString(props(resource)[p]);
    return name !== undefined && name.toLowerCase() === text.toLowerCase();
  });
}

/** The alarms of the app that watch `resource` (a dimension designates it). */
export function alarmsWatching(resource: CfnResource): CfnResource[] {
  return appResources(resource, ALARM).filter((alarm) => dimensionValues(alarm).some((v) => dimensionDesignates(alarm, v, resource)));
}
