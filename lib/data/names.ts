import { Arn, ArnFormat } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { HardenedConfig } from '../config/types';
import { retainedName } from '../config/retained-name';

/**
 * Physical names the two regions agree on without cross-region references (DATA-3, DATA-4).
 *
 * The DR stack finds the primary database, and the primary backup plan finds the DR vault, by
 * name alone: each side builds the other's ARN as a literal, so neither stack reads the other's
 * outputs and either can be redeployed on its own.
 */
export function databaseInstanceIdentifier(config: Pick<HardenedConfig, 'projectName' | 'retainedNameSuffix'>): string {
  // RDS names the instance's log groups after it (/aws/rds/instance/<id>/…), and those are kept.
  return retainedName(config, `${config.projectName}-db`);
}

/** The cross-region read replica; after promotion it is the production database. */
export function replicaInstanceIdentifier(config: Pick<HardenedConfig, 'projectName' | 'retainedNameSuffix'>): string {
  return retainedName(config, `${config.projectName}-db-replica`);
}

/**
 * The role RDS enhanced monitoring assumes, for the primary and the replica alike: IAM is
 * global, so the DR stack names it instead of creating a second copy of the same grant.
 */
export function rdsMonitoringRoleName(config: Pick<HardenedConfig, 'projectName'>): string {
  return `${config.projectName}-rds-enhanced-monitoring`;
}

/** The primary region's backup vault (named so the runbook can refer to it). */
export function backupVaultName(config: Pick<HardenedConfig, 'projectName' | 'retainedNameSuffix'>): string {
  return retainedName(config, `${config.projectName}-vault`);
}

/** The DR region's backup vault, the destination of every copy job. */
export function drBackupVaultName(config: Pick<HardenedConfig, 'projectName' | 'retainedNameSuffix'>): string {
  return retainedName(config, `${config.projectName}-dr-vault`);
}

/** The DR vault's ARN as a literal string, for the primary plan's copy action. */
export function drBackupVaultArn(config: Pick<HardenedConfig, 'projectName' | 'retainedNameSuffix' | 'account' | 'drRegion'>): string {
  return Arn.format({
    partition: partitionOf(config.drRegion),
    service: 'backup',
    region: config.drRegion,
    account: config.account,
    resource: 'backup-vault',
    resourceName: drBackupVaultName(config),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** The CloudWatch Logs group RDS writes an instance's `log` export to (RDS picks the name). */
export function rdsLogGroupName(instanceIdentifier: string, log: string): string {
  return `/aws/rds/instance/${instanceIdentifier}/${log}`;
}

function partitionOf(region: string): string {
  return RegionInfo.get(region).partition ?? 'aws';
}
