import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { props } from '../support';
import { ALARM } from './alarms';

/**
 * MON-1: every alarm says what missing data means (TreatMissingData). A component that stops
 * reporting is a failure for some alarms and normal for others; the default (missing) hides the
 * difference.
 */
export function AlarmTreatsMissingDataExplicitly(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ALARM) return NagRuleCompliance.NOT_APPLICABLE;
  return typeof props(node).TreatMissingData === 'string' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
