import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, isPrimaryDbInstance, joinedText, list, literalString, props, refTargetsOfType, refersTo } from '../support';

/**
 * DATA-4: a primary database instance is selected by a backup plan of the app: an
 * AWS::Backup::BackupSelection of a plan lists it in Resources (by reference, or by a literal
 * ARN ending in `:db:<its DBInstanceIdentifier>`).
 */
export function DatabaseInBackupPlan(node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const id = literalString(props(node).DBInstanceIdentifier)?.toLowerCase();
  const selected = appResources(node, 'AWS::Backup::BackupSelection').some((selection) => {
    const p = props(selection);
    if (refTargetsOfType(selection, p.BackupPlanId, 'AWS::Backup::BackupPlan').length === 0) return false;
    return list(p.BackupSelection?.Resources).some(
      (r) => refersTo(selection, r, node) || (id !== undefined && (joinedText(r) ?? '').toLowerCase().endsWith(`:db:${id}`)),
    );
  });
  return selected ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
