import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { managedKey } from '../core/managed-key';

/** AWS Backup refuses a vault lock shorter than a day; DATA-4 asks for at least a week. */
export const MIN_VAULT_RETENTION_DAYS = 7;
/** Grace period before a compliance-mode lock becomes immutable (AWS Backup's minimum). */
export const VAULT_LOCK_GRACE = Duration.days(3);

export interface LockedVaultProps {
  /** Vault name; the DR vault's is fixed because the primary plan's copy action names it. */
  readonly backupVaultName: string;
  /** Alias of the vault's own key, without `alias/`. */
  readonly keyAlias: string;
  /** Days each recovery point is kept; the lock keeps anyone from deleting one sooner. */
  readonly retentionDays: number;
  /**
   * Compliance mode: after a 3-day grace period nobody, root included, can remove the lock or
   * shorten retention. Governance mode: principals with `backup:DeleteBackupVaultLockConfiguration`
   * still can.
   */
  readonly complianceMode: boolean;
}

/**
 * A backup vault with its own rotating key and a vault lock (DATA-4, DATA-5): recovery points
 * cannot be deleted, or their lifecycle shortened, before `retentionDays`; vault and key are
 * retained by `cdk destroy`.
 */
export class LockedVault extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: LockedVaultProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < MIN_VAULT_RETENTION_DAYS) {
      throw new Error(`data.backupVaultRetentionDays ${props.retentionDays} is too short: DATA-4 needs a vault lock of at least ${MIN_VAULT_RETENTION_DAYS} days.`);
    }
    this.key = managedKey(this, 'Key', { purpose: `backup vault ${props.backupVaultName}`, alias: props.keyAlias });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      // Deny DeleteRecoveryPoint / UpdateRecoveryPointLifecycle to every principal: only the
      // plan's lifecycle removes a recovery point.
      blockRecoveryPointDeletion: true,
      lockConfiguration: {
        minRetention: Duration.days(props.retentionDays),
        changeableFor: props.complianceMode ? VAULT_LOCK_GRACE : undefined,
      },
    });
  }
}
