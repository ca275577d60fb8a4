import { CfnResource, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { DataConfig } from '../config/types';
import { encryptedLogGroup } from '../core/encrypted-log-group';
import { rdsLogGroupName } from './names';
import { postgresEngine, tlsParameterGroup } from './postgres';
import { MONITORING_INTERVAL, POSTGRES_LOG_EXPORTS } from './primary-database';

export interface CrossRegionReplicaProps {
  /**
   * The primary database, in another region. It must have a fixed `instanceIdentifier`: its ARN
   * is then a literal in this stack, and no cross-region reference couples the two stacks.
   */
  readonly source: rds.DatabaseInstance;
  /** The DR VPC; the replica goes into its isolated subnets. */
  readonly vpc: ec2.IVpc;
  /** The DR region's customer-managed key (DATA-1, DATA-3). */
  readonly key: kms.Key;
  /** Fixed identifier of the replica (runbook, log group names). */
  readonly instanceIdentifier: string;
  /** Name of the primary's enhanced-monitoring role (IAM is global: one role serves both instances). */
  readonly monitoringRoleName: string;
  /** The primary's settings: engine version, instance size, maintenance window, log retention. */
  readonly settings: DataConfig;
  /**
   * Keep a standby of the replica in a second AZ of the DR region.
   *
   * On: once promoted, the replica is immediately as resilient as the primary (no
   * `modify-db-instance --multi-az` during an incident, which takes tens of minutes). Costs a
   * second instance in the DR region.
   * @default true
   */
  readonly multiAz?: boolean;
}

/**
 * A read replica of the primary database in the DR region (DATA-3): encrypted with that region's
 * key, TLS and IAM authentication, deletion protection, and a final snapshot on deletion. It has
 * no clients until it is promoted (see RUNBOOK.md), so its security group admits nothing.
 */
export class CrossRegionReplica extends Construct {
  public readonly instance: rds.DatabaseInstanceReadReplica;
  /** Admits nothing until an application is deployed in this region after promotion. */
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroups: Readonly<Record<(typeof POSTGRES_LOG_EXPORTS)[number], logs.LogGroup>>;

  constructor(scope: Construct, id: string, props: CrossRegionReplicaProps) {
    super(scope, id);
    const { settings, source } = props;
    if (Stack.of(source).region === Stack.of(this).region) {
      throw new Error(`The replica must be in another region than its source database (both in ${Stack.of(this).region}): DATA-3 needs a remote copy.`);
    }
    const engine = postgresEngine(settings.engineVersion);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'DR read replica: no clients until promotion',
    });
    this.logGroups = Object.fromEntries(
      POSTGRES_LOG_EXPORTS.map((log) => [
        log,
        encryptedLogGroup(this, `${log[0].toUpperCase()}${log.slice(1)}Logs`, {
          logGroupName: rdsLogGroupName(props.instanceIdentifier, log),
          encryptionKey: props.key,
          retentionDays: settings.logRetentionDays,
        }),
      ]),
    ) as Record<(typeof POSTGRES_LOG_EXPORTS)[number], logs.LogGroup>;
    // The primary's role, by name: a literal ARN, no cross-region reference.
    const monitoringRole = iam.Role.fromRoleName(this, 'MonitoringRole', props.monitoringRoleName);

    this.instance = new rds.DatabaseInstanceReadReplica(this, 'Instance', {
      sourceDatabaseInstance: source,
      instanceIdentifier: props.instanceIdentifier,
      instanceType: new ec2.InstanceType(settings.instanceType),
      // The source's port, written out: after promotion, clients connect where they always did.
      port: settings.port,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      multiAz: props.multiAz ?? true,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      storageEncryptionKey: props.key,
      iamAuthentication: true,
      parameterGroup: tlsParameterGroup(this, 'Parameters', engine),
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      preferredMaintenanceWindow: settings.maintenanceWindowUtc,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      // CloudFormation ignores deletion policies on read replicas: deletion protection is what
      // makes `cdk destroy` leave the replica in place.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.key,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      monitoringInterval: MONITORING_INTERVAL,
      monitoringRole,
      cloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      // No backupRetention: RDS for PostgreSQL replicas take no automated backups; the primary's
      // recovery points are copied into this region's vault instead.
    });
    const cfn = this.instance.node.defaultChild as rds.CfnDBInstance;
    // Encryption is inherited from the source and re-keyed with KmsKeyId; CloudFormation rejects
    // StorageEncrypted next to SourceDBInstanceIdentifier.
    cfn.addPropertyDeletionOverride('StorageEncrypted');
    for (const group of Object.values(this.logGroups)) this.instance.node.addDependency(group);

    Validations.of(cfn as CfnResource).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason:
        `The replica listens on its source's non-default port (data.port, ${settings.port}), but the rule cannot see it: it reads the Engine property, which a read replica leaves out because it inherits the engine from its source (CloudFormation), so every replica is reported as on a default port.`,
    });
    for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) {
      Validations.of(cfn as CfnResource).acknowledge({
        id: `${pack}-RDSInBackupPlan`,
        reason:
          'A PostgreSQL read replica takes no snapshots of its own; the same data is backed up from the primary nightly and every recovery point is copied into this region\'s locked vault.',
      });
    }
  }
}
