import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { UNKNOWN_PART, arnFields, isObject, joinedText, list, props, refTargetsOfType, stackRegion } from '../support';

/** The region of a copy destination: the stack region of a vault of the app, or the literal region of its ARN. */
function destinationRegion(plan: CfnResource, arn: unknown): string | undefined {
  const vault = refTargetsOfType(plan, arn, 'AWS::Backup::BackupVault')[0];
  if (vault) return stackRegion(vault);
  const region = arnFields(joinedText(arn))?.region;
  return region === undefined || region === '' || region.includes(UNKNOWN_PART) ? undefined : region;
}

/**
 * DATA-4: every rule of a backup plan copies its recovery points to a vault in another region.
 * The destination's region must be known at synth time: a vault of the app (its stack's region)
 * or a literal region in the ARN; the plan's own region must be known too.
 */
export function BackupPlanCopiesToOtherRegion(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::Backup::BackupPlan') return NagRuleCompliance.NOT_APPLICABLE;
  const home = stackRegion(node);
  const rules = list(props(node).BackupPlan?.BackupPlanRule).filter(isObject);
  if (home === undefined || rules.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  const copied = rules.every((rule) =>
    list(rule.CopyActions).some((copy) => {
      if (!isObject(copy)) return false;
      const region = destinationRegion(node, copy.DestinationBackupVaultArn);
      return region !== undefined && region !== home;
    }),
  );
  return copied ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
