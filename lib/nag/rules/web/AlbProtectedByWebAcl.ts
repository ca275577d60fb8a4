import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, isInternetFacingAlb, props, refTargetsOfType, refersTo } from '../support';
import { WEB_ACL } from './waf';

/** WEB-1: every internet-facing Application Load Balancer is associated with a web ACL of the app. */
export function AlbProtectedByWebAcl(node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const associated = appResources(node, 'AWS::WAFv2::WebACLAssociation').some((a) => {
    const p = props(a);
    return refersTo(a, p.ResourceArn, node) && refTargetsOfType(a, p.WebACLArn, WEB_ACL).length > 0;
  });
  return associated ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
