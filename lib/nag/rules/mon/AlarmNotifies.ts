import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { list, props } from '../support';
import { ALARM, COMPOSITE_ALARM } from './alarms';

/** MON-1: every alarm and composite alarm notifies someone: its actions are enabled and AlarmActions is not empty. */
export function AlarmNotifies(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ALARM && node.cfnResourceType !== COMPOSITE_ALARM) return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  const enabled = p.ActionsEnabled !== false && p.ActionsEnabled !== 'false';
  return enabled && list(p.AlarmActions).length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
