import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { ECS_SERVICE } from './ecs';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** APP-3: no ECS task gets a public IP address (AssignPublicIp absent or DISABLED). */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const assign = scan.props(node).NetworkConfiguration?.AwsvpcConfiguration?.AssignPublicIp;
  return assign === undefined || assign === 'DISABLED' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const ServiceHasNoPublicIp: HardenedRule = {
  control: 'APP-3',
  name: 'ServiceHasNoPublicIp',
  resourceTypes: [ECS_SERVICE],
  info: 'APP-3: the ECS service assigns public IP addresses to its tasks.',
  explanation: 'Tasks with public addresses are reachable around the load balancer, the WAF and the firewall.',
  check,
};
