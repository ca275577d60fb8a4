import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { alarmsWatching } from './alarms';
import { isApplicationLoadBalancer } from '../web/load-balancers';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

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
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && !isApplicationLoadBalancer(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  return alarmsWatching(scan, node).length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const CriticalResourceHasAlarm: HardenedRule = {
  control: 'MON-2',
  name: 'CriticalResourceHasAlarm',
  resourceTypes: CRITICAL_RESOURCE_TYPES,
  info: 'MON-2: no alarm watches this critical component (ALB, ECS service, database, firewall, web ACL).',
  explanation: 'Every critical component must raise an alarm when it fails.',
  check,
};
