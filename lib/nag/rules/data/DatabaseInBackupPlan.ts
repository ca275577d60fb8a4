import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { joinedText, list, literalString } from '../../engine/values';
import { isPrimaryDbInstance } from './databases';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * DATA-4: a primary database instance is selected by a backup plan of the app: an
 * AWS::Backup::BackupSelection of a plan lists it in Resources (by reference, or by a literal
 * ARN ending in `:db:<its DBInstanceIdentifier>`).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const id = literalString(scan.props(node).DBInstanceIdentifier)?.toLowerCase();
  const selected = scan.resources('AWS::Backup::BackupSelection').some((selection) => {
    const p = scan.props(selection);
    if (scan.refTargetsOfType(selection, p.BackupPlanId, 'AWS::Backup::BackupPlan').length === 0) return false;
    return list(p.BackupSelection?.Resources).some(
      (r) => scan.refersTo(selection, r, node) || (id !== undefined && (joinedText(r) ?? '').toLowerCase().endsWith(`:db:${id}`)),
    );
  });
  return selected ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseInBackupPlan: HardenedRule = {
  control: 'DATA-4',
  name: 'DatabaseInBackupPlan',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'DATA-4: the primary database is not selected by any AWS Backup plan of the app.',
  explanation: 'Only selected resources are backed up and copied across regions.',
  check,
};
