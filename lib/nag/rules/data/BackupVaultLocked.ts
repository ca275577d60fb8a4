import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, literalNumber } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** The shortest vault-lock minimum retention, in days. */
export const MIN_VAULT_LOCK_DAYS = 7;

/** DATA-4: every backup vault is locked: no recovery point can be deleted before ≥ 7 days. */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const lock = scan.props(node).LockConfiguration;
  const days = isObject(lock) ? literalNumber(lock.MinRetentionDays) : undefined;
  return days !== undefined && days >= MIN_VAULT_LOCK_DAYS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const BackupVaultLocked: HardenedRule = {
  control: 'DATA-4',
  name: 'BackupVaultLocked',
  resourceTypes: ['AWS::Backup::BackupVault'],
  info: 'DATA-4: the backup vault has no vault lock with a minimum retention of ≥ 7 days.',
  explanation: 'A locked vault keeps backups from being deleted early, by mistake or by an attacker.',
  check,
};
