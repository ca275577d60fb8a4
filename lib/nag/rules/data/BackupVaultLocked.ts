import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, literalNumber, props } from '../support';

/** The shortest vault-lock minimum retention, in days. */
export const MIN_VAULT_LOCK_DAYS = 7;

/** DATA-4: every backup vault is locked: no recovery point can be deleted before ≥ 7 days. */
export function BackupVaultLocked(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::Backup::BackupVault') return NagRuleCompliance.NOT_APPLICABLE;
  const lock = props(node).LockConfiguration;
  const days = isObject(lock) ? literalNumber(lock.MinRetentionDays) : undefined;
  return days !== undefined && days >= MIN_VAULT_LOCK_DAYS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
