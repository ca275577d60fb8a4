import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { ALARM } from './alarms';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * MON-1: every alarm says what missing data means (TreatMissingData). A component that stops
 * reporting is a failure for some alarms and normal for others; the default (missing) hides the
 * difference.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  return typeof scan.props(node).TreatMissingData === 'string' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const AlarmTreatsMissingDataExplicitly: HardenedRule = {
  control: 'MON-1',
  name: 'AlarmTreatsMissingDataExplicitly',
  resourceTypes: [ALARM],
  info: 'MON-1: the alarm does not set TreatMissingData.',
  explanation: 'Whether silence is a failure must be decided per alarm, not left to the default.',
  check,
};
