import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, props, refersTo } from '../support';

/** LOG-4: every VPC has a flow log of all its traffic (accepted and rejected). */
export function VpcFlowLogsCaptureAll(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::EC2::VPC') return NagRuleCompliance.NOT_APPLICABLE;
  const captured = appResources(node, 'AWS::EC2::FlowLog').some((log) => {
    const p = props(log);
    return p.ResourceType === 'VPC' && p.TrafficType === 'ALL' && refersTo(log, p.ResourceId, node);
  });
  return captured ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
