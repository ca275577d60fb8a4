import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { responders } from './guardduty';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * MON-3: threats are answered automatically: an enabled EventBridge rule of the app routes
 * GuardDuty findings to a Lambda function (the blocker). Applied on every web ACL, the edge the
 * blocker acts on. The GuardDuty detector itself is optional (an organisation may manage it).
 */
function check(scan: Scan, _node: CfnResource): NagRuleCompliance {
  return responders(scan).length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const GuardDutyFindingsTriggerResponse: HardenedRule = {
  control: 'MON-3',
  name: 'GuardDutyFindingsTriggerResponse',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'MON-3: no enabled EventBridge rule routes GuardDuty findings to a response function.',
  explanation: 'Threat detection without automated response leaves attackers in place until someone reads the finding.',
  check,
};
