import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { ALARM, COMPOSITE_ALARM } from './alarms';
import { list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** MON-1: every alarm and composite alarm notifies someone: its actions are enabled and AlarmActions is not empty. */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  const enabled = p.ActionsEnabled !== false && p.ActionsEnabled !== 'false';
  return enabled && list(p.AlarmActions).length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const AlarmNotifies: HardenedRule = {
  control: 'MON-1',
  name: 'AlarmNotifies',
  resourceTypes: [ALARM, COMPOSITE_ALARM],
  info: 'MON-1: the alarm has no alarm action (or its actions are disabled).',
  explanation: 'An alarm nobody hears detects nothing.',
  check,
};
