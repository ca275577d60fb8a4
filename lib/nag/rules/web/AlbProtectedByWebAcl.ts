import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { WEB_ACL } from './waf';
import { isInternetFacingAlb } from './load-balancers';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** WEB-1: every internet-facing Application Load Balancer is associated with a web ACL of the app. */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const associated = scan.resources('AWS::WAFv2::WebACLAssociation').some((a) => {
    const p = scan.props(a);
    return scan.refersTo(a, p.ResourceArn, node) && scan.refTargetsOfType(a, p.WebACLArn, WEB_ACL).length > 0;
  });
  return associated ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const AlbProtectedByWebAcl: HardenedRule = {
  control: 'WEB-1',
  name: 'AlbProtectedByWebAcl',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  info: 'WEB-1: the internet-facing Application Load Balancer is not associated with a web ACL.',
  explanation: 'Without the association the WAF inspects nothing that reaches the load balancer.',
  check,
};
