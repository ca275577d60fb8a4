import { Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { HardenedConfig } from '../config/types';
import { retainedName } from '../config/retained-name';
import { managedKey } from '../core/managed-key';
import { DrNetwork } from '../network/dr-network';
import { LockedVault } from '../data/locked-vault';
import { drBackupVaultName, rdsMonitoringRoleName, replicaInstanceIdentifier } from '../data/names';
import { CrossRegionReplica } from '../data/read-replica';
import { ReplicaLagMonitoring } from '../monitoring/replica-lag-monitoring';

export interface DrStackProps extends StackProps {
  readonly config: HardenedConfig;
  /**
   * The primary database (DataStack.database). Only its fixed identifier is used: the replica's
   * source ARN is a literal, so no cross-region reference ties the stacks together.
   */
  readonly primaryDatabase: rds.DatabaseInstance;
}

/**
 * The DR region (DATA-3, DATA-4, DATA-5, LOG-4): the database's cross-region read replica in an
 * isolated VPC, and the locked vault that receives the nightly backup copies. Deploy after
 * DataStack, the same day (see lib/data/RUNBOOK.md).
 */
export class DrStack extends Stack {
  public readonly replica: rds.DatabaseInstanceReadReplica;
  public readonly vpc: ec2.Vpc;
  /** The DR region's data key: replica storage, Performance Insights, logs. */
  public readonly key: kms.Key;
  public readonly vault: backup.BackupVault;
  public readonly replicaMonitoring: ReplicaLagMonitoring;

  constructor(scope: Construct, id: string, props: DrStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (this.region !== config.drRegion) {
      throw new Error(`DrStack must be deployed to drRegion "${config.drRegion}", got env region "${this.region}".`);
    }
    // Deployment order only (the replica needs its source); no values cross the regions.
    this.addStackDependency(Stack.of(props.primaryDatabase));

    this.key = managedKey(this, 'Key', { purpose: 'DR region data (replica storage, Performance Insights, logs)', alias: `${config.projectName}/dr-data` });
    const network = new DrNetwork(this, 'Network', {
      cidr: config.network.drVpcCidr,
      maxAzs: config.network.maxAzs,
      encryptionKey: this.key,
      flowLogGroupName: retainedName(config, `/${config.projectName}/dr/vpc-flow-logs`),
      flowLogRetentionDays: config.logs.retentionDays,
    });
    this.vpc = network.vpc;

    const replica = new CrossRegionReplica(this, 'Replica', {
      source: props.primaryDatabase,
      vpc: this.vpc,
      key: this.key,
      instanceIdentifier: replicaInstanceIdentifier(config),
      monitoringRoleName: rdsMonitoringRoleName(config),
      settings: config.data,
    });
    this.replica = replica.instance;

    this.vault = new LockedVault(this, 'Backup', {
      backupVaultName: drBackupVaultName(config),
      keyAlias: `${config.projectName}/dr-backup`,
      retentionDays: config.data.backupVaultRetentionDays,
      complianceMode: config.environment === 'production',
    }).vault;

    // Alarms are regional: the replica's lag is watched here, through this region's own topic (MON-2).
    this.replicaMonitoring = new ReplicaLagMonitoring(this, 'ReplicaLag', {
      replica: this.replica,
      namePrefix: config.projectName,
      alarmEmails: config.monitoring.alarmEmails,
      alarmHttpsEndpoints: config.monitoring.alarmHttpsEndpoints,
    });
  }
}
