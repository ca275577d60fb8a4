import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isApplicationLoadBalancer } from '../support';
import { alarmsWatching } from './alarms';

/** The resource types whose failure must raise an alarm. */
export const CRITICAL_RESOURCE_TYPES = [
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ECS::Service',
  'AWS::RDS::DBInstance',
  'AWS::NetworkFirewall::Firewall',
  'AWS::WAFv2::WebACL',
];

/**
 * MON-2: every critical component (ALB, ECS service, database instance including replicas,
 * Network Firewall, web ACL) is watched by at least one alarm: a CloudWatch alarm whose metric
 * dimensions (or metric-math metrics' dimensions) reference it or name it.
 */
export function CriticalResourceHasAlarm(node: CfnResource): NagRuleCompliance {
  if (!CRITICAL_RESOURCE_TYPES.includes(node.cfnResourceType)) return NagRuleCompliance.NOT_APPLICABLE;
  if (node.cfnResourceType === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && !isApplicationLoadBalancer(node)) return NagRuleCompliance.NOT_APPLICABLE;
  return alarmsWatching(node).length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
