import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { props } from '../support';
import { ECS_SERVICE } from './ecs';

/** APP-3: no ECS task gets a public IP address (AssignPublicIp absent or DISABLED). */
export function ServiceHasNoPublicIp(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ECS_SERVICE) return NagRuleCompliance.NOT_APPLICABLE;
  const assign = props(node).NetworkConfiguration?.AwsvpcConfiguration?.AssignPublicIp;
  return assign === undefined || assign === 'DISABLED' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
