import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { has } from '../support';
import { functionTargets, isGuardDutyRule } from './guardduty';

/**
 * MON-3: a GuardDuty findings rule delivers to a Lambda function, and a finding the function
 * could not receive lands in a dead-letter queue instead of being lost (DeadLetterConfig on every
 * function target).
 */
export function GuardDutyResponseHasDeadLetterQueue(node: CfnResource): NagRuleCompliance {
  if (!isGuardDutyRule(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const targets = functionTargets(node);
  return targets.length > 0 && targets.every((t) => has(t.target.DeadLetterConfig, 'Arn')) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
