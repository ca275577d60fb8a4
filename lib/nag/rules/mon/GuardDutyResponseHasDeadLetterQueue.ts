import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { functionTargets, isGuardDutyRule } from './guardduty';
import { has } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * MON-3: a GuardDuty findings rule delivers to a Lambda function, and a finding the function
 * could not receive lands in a dead-letter queue instead of being lost (DeadLetterConfig on every
 * function target).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isGuardDutyRule(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const targets = functionTargets(scan, node);
  return targets.length > 0 && targets.every((t) => has(t.target.DeadLetterConfig, 'Arn')) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const GuardDutyResponseHasDeadLetterQueue: HardenedRule = {
  control: 'MON-3',
  name: 'GuardDutyResponseHasDeadLetterQueue',
  resourceTypes: ['AWS::Events::Rule'],
  info: 'MON-3: the GuardDuty findings rule does not deliver to a Lambda function with a dead-letter queue on the target.',
  explanation: 'A finding that could not be delivered must be kept, not lost.',
  check,
};
