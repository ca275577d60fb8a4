import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { UNKNOWN_PART, arnFields, isObject, joinedText, list, stackRegion } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** The region of a copy destination: the stack region of a vault of the app, or the literal region of its ARN. */
function destinationRegion(scan: Scan, plan: CfnResource, arn: unknown): string | undefined {
  const vault = scan.refTargetsOfType(plan, arn, 'AWS::Backup::BackupVault')[0];
  if (vault) return stackRegion(vault);
  const region = arnFields(joinedText(arn))?.region;
  return region === undefined || region === '' || region.includes(UNKNOWN_PART) ? undefined : region;
}

/**
 * DATA-4: every rule of a backup plan copies its recovery points to a vault in another region.
 * The destination's region must be known at synth time: a vault of the app (its stack's region)
 * or a literal region in the ARN; the plan's own region must be known too.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const home = stackRegion(node);
  const rules = list(scan.props(node).BackupPlan?.BackupPlanRule).filter(isObject);
  if (home === undefined || rules.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  const copied = rules.every((rule) =>
    list(rule.CopyActions).some((copy) => {
      if (!isObject(copy)) return false;
      const region = destinationRegion(scan, node, copy.DestinationBackupVaultArn);
      return region !== undefined && region !== home;
    }),
  );
  return copied ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const BackupPlanCopiesToOtherRegion: HardenedRule = {
  control: 'DATA-4',
  name: 'BackupPlanCopiesToOtherRegion',
  resourceTypes: ['AWS::Backup::BackupPlan'],
  info: 'DATA-4: a backup plan rule does not copy recovery points to a vault in another region (region known at synth time).',
  explanation: 'Backups kept in several places survive a regional outage or a compromised region.',
  check,
};
