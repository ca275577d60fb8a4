import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** LOG-4: every VPC has a flow log of all its traffic (accepted and rejected). */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const captured = scan.resources('AWS::EC2::FlowLog').some((log) => {
    const p = scan.props(log);
    return p.ResourceType === 'VPC' && p.TrafficType === 'ALL' && scan.refersTo(log, p.ResourceId, node);
  });
  return captured ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const VpcFlowLogsCaptureAll: HardenedRule = {
  control: 'LOG-4',
  name: 'VpcFlowLogsCaptureAll',
  resourceTypes: ['AWS::EC2::VPC'],
  info: 'LOG-4: the VPC has no flow log capturing ALL traffic.',
  explanation: 'Flow records of accepted and rejected traffic are the network evidence of every VPC.',
  check,
};
