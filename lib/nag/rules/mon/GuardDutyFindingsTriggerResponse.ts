import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { responders } from './guardduty';

/**
 * MON-3: threats are answered automatically: an enabled EventBridge rule of the app routes
 * GuardDuty findings to a Lambda function (the blocker). Applied on every web ACL, the edge the
 * blocker acts on. The GuardDuty detector itself is optional (an organisation may manage it).
 */
export function GuardDutyFindingsTriggerResponse(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NagRuleCompliance.NOT_APPLICABLE;
  return responders(node).length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
