import { Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { HardenedConfig } from '../config/types';
import { DatabaseBackupPlan } from '../data/backup-plan';
import { LockedVault } from '../data/locked-vault';
import { backupVaultName, databaseInstanceIdentifier, drBackupVaultArn, rdsMonitoringRoleName } from '../data/names';
import { PrimaryDatabase } from '../data/primary-database';

export interface DataStackProps extends StackProps {
  readonly config: HardenedConfig;
  /** The primary VPC (TieredVpc): the database goes into its 'Data' subnets, rotation into 'App'. */
  readonly vpc: ec2.IVpc;
  /** The app tier's security group, the database's only client (NET-4). */
  readonly appSecurityGroup: ec2.ISecurityGroup;
}

/**
 * The primary region's data tier (NET-4, DATA-1, DATA-2, DATA-4, DATA-5, DATA-6): the Multi-AZ
 * PostgreSQL database and its locked, nightly, cross-region-copied backups. Stateful: every
 * resource that holds data survives `cdk destroy`.
 */
export class DataStack extends Stack {
  public readonly database: rds.DatabaseInstance;
  public readonly databaseSecret: secretsmanager.ISecret;
  /** The application user's credentials (alternating-users rotation): what the app tier connects with. */
  public readonly appDatabaseSecret: secretsmanager.ISecret;
  public readonly databaseKey: kms.Key;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly backupVault: backup.BackupVault;
  public readonly backupPlan: backup.BackupPlan;
  /** The plan's job role, for other stacks' selections (the IP blocker's table). */
  public readonly backupRole: iam.IRole;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (this.region !== config.primaryRegion) {
      throw new Error(`DataStack must be deployed to primaryRegion "${config.primaryRegion}", got env region "${this.region}".`);
    }

    const database = new PrimaryDatabase(this, 'Database', {
      vpc: props.vpc,
      vpcCidr: config.network.vpcCidr,
      appSecurityGroup: props.appSecurityGroup,
      instanceIdentifier: databaseInstanceIdentifier(config),
      keyAlias: `${config.projectName}/database`,
      monitoringRoleName: rdsMonitoringRoleName(config),
      settings: config.data,
      nightTimeZone: config.timeZone,
    });
    this.database = database.instance;
    this.databaseSecret = database.secret;
    this.appDatabaseSecret = database.appSecret;
    this.databaseKey = database.key;
    this.securityGroup = database.securityGroup;

    const vault = new LockedVault(this, 'Backup', {
      backupVaultName: backupVaultName(config),
      keyAlias: `${config.projectName}/backup`,
      retentionDays: config.data.backupVaultRetentionDays,
      complianceMode: config.environment === 'production',
    });
    this.backupVault = vault.vault;

    const plan = new DatabaseBackupPlan(this, 'BackupPlan', {
      database: this.database,
      vault: this.backupVault,
      backupPlanName: `${config.projectName}-database`,
      drVaultArn: drBackupVaultArn(config),
      rdsBackupWindowUtc: config.data.backupWindowUtc,
      retentionDays: config.data.backupVaultRetentionDays,
      timeZone: config.timeZone,
    });
    this.backupPlan = plan.plan;
    this.backupRole = plan.role;
  }
}
