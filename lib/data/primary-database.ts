import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DataConfig } from '../config/types';
import { managedKey } from '../core/managed-key';
import { SUBNET_TIERS } from '../network/tiered-vpc';
import { encryptedLogGroup } from '../core/encrypted-log-group';
import { requireNightlyBackupWindow } from './backup-night';
import { rdsLogGroupName } from './names';
import { postgresEngine, tlsParameterGroup } from './postgres';

/** Log types PostgreSQL exports to CloudWatch Logs (all of them, as the rule packs require). */
export const POSTGRES_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;
/** How often the master password and the application user's password are replaced (DATA-6). */
export const CREDENTIAL_ROTATION = Duration.days(30);
/**
 * The database user the application connects as. Multi-user rotation alternates its secret
 * between this user and `<name>_clone`.
 */
export const APP_DATABASE_USER = 'app';
/** Enhanced monitoring granularity (OS metrics). */
export const MONITORING_INTERVAL = Duration.seconds(60);

export interface PrimaryDatabaseProps {
  /** The primary VPC with the 'Data' (isolated) and 'App' subnet groups of TieredVpc. */
  readonly vpc: ec2.IVpc;
  /** CIDR of that VPC as a literal: the rotation function reaches the interface endpoints inside it. */
  readonly vpcCidr: string;
  /** The app tier's security group, the only client of the database (NET-4). */
  readonly appSecurityGroup: ec2.ISecurityGroup;
  /** Fixed instance identifier: the DR replica and the runbook refer to it by name. */
  readonly instanceIdentifier: string;
  /** Name of the enhanced-monitoring role, which the DR replica uses as well (`rdsMonitoringRoleName`). */
  readonly monitoringRoleName: string;
  /** Alias of the database key, without `alias/`. */
  readonly keyAlias: string;
  /** Engine, size, backup and log settings. */
  readonly settings: DataConfig;
  /** IANA time zone whose night `settings.backupWindowUtc` must lie in. @default 'Asia/Tokyo' */
  readonly nightTimeZone?: string;
}

/**
 * The production PostgreSQL database (NET-4, DATA-1, DATA-2, DATA-5, DATA-6): Multi-AZ in the
 * isolated data subnets, encrypted with a rotating customer-managed key, TLS and IAM
 * authentication, nightly automated backups with point-in-time recovery, credentials in Secrets
 * Manager rotated every 30 days, and nothing deleted by `cdk destroy` (final snapshot, retained
 * key, secret and logs).
 */
export class PrimaryDatabase extends Construct {
  public readonly instance: rds.DatabaseInstance;
  /** Master credentials (host, port, username, password), encrypted with `key`. Rotated single-user: never give it to the application. */
  public readonly secret: secretsmanager.ISecret;
  /**
   * The application user's credentials (host, port, username, password, masterarn), encrypted
   * with `key`, rotated by alternating users: the password a task was started with stays valid
   * for a whole rotation interval after the next rotation.
   */
  public readonly appSecret: secretsmanager.ISecret;
  /** Encrypts storage, Performance Insights, the secret and the exported logs. */
  public readonly key: kms.Key;
  /** The database's security group: PostgreSQL from the app tier and the rotation function only. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The rotation function's security group. */
  public readonly rotationSecurityGroup: ec2.SecurityGroup;
  /** Enhanced monitoring's role (OS metrics to the RDSOSMetrics log group), shared with the DR replica. */
  public readonly monitoringRole: iam.Role;
  /** The exported logs, by log type. */
  public readonly logGroups: Readonly<Record<(typeof POSTGRES_LOG_EXPORTS)[number], logs.LogGroup>>;

  constructor(scope: Construct, id: string, props: PrimaryDatabaseProps) {
    super(scope, id);
    const { settings, vpc } = props;
    requireNightlyBackupWindow(settings.backupWindowUtc, props.nightTimeZone);
    if (settings.backupRetentionDays < 7 || settings.backupRetentionDays > 35) {
      throw new Error(`data.backupRetentionDays ${settings.backupRetentionDays} is outside 7-35: DATA-2 needs at least 7 days of point-in-time recovery, and RDS keeps at most 35.`);
    }
    const engine = postgresEngine(settings.engineVersion);

    this.key = managedKey(this, 'Key', { purpose: `database ${props.instanceIdentifier} (storage, Performance Insights, credentials, logs)`, alias: props.keyAlias });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'PostgreSQL: from the app tier and the credential rotation function only',
    });
    this.securityGroup.addIngressRule(props.appSecurityGroup, ec2.Port.tcp(settings.port), 'PostgreSQL from the app tier');

    const logGroups = Object.fromEntries(
      POSTGRES_LOG_EXPORTS.map((log) => [
        log,
        encryptedLogGroup(this, `${log[0].toUpperCase()}${log.slice(1)}Logs`, {
          logGroupName: rdsLogGroupName(props.instanceIdentifier, log),
          encryptionKey: this.key,
          retentionDays: settings.logRetentionDays,
        }),
      ]),
    ) as Record<(typeof POSTGRES_LOG_EXPORTS)[number], logs.LogGroup>;
    this.logGroups = logGroups;

    const masterSecret = new rds.DatabaseSecret(this, 'Secret', { username: 'postgres', encryptionKey: this.key });
    masterSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const monitoringRole = new iam.Role(this, 'MonitoringRole', {
      roleName: props.monitoringRoleName,
      description: 'RDS enhanced monitoring of the primary database and its DR replica',
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    });

    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      instanceIdentifier: props.instanceIdentifier,
      engine,
      port: settings.port,
      instanceType: new ec2.InstanceType(settings.instanceType),
      vpc,
      vpcSubnets: { subnetGroupName: SUBNET_TIERS.data },
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      multiAz: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: settings.allocatedStorageGiB,
      storageEncrypted: true,
      storageEncryptionKey: this.key,
      credentials: rds.Credentials.fromSecret(masterSecret),
      iamAuthentication: true,
      parameterGroup: tlsParameterGroup(this, 'Parameters', engine),
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      backupRetention: Duration.days(settings.backupRetentionDays),
      preferredBackupWindow: settings.backupWindowUtc,
      preferredMaintenanceWindow: settings.maintenanceWindowUtc,
      deleteAutomatedBackups: false,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.key,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      monitoringInterval: MONITORING_INTERVAL,
      monitoringRole,
      cloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
    });
    // RDS would create the export groups itself (unencrypted, kept forever) if they did not exist yet.
    for (const group of Object.values(logGroups)) this.instance.node.addDependency(group);
    this.secret = this.instance.secret!;

    // The hosted (Serverless Application Repository) single-user rotation function, in the app
    // subnets: they reach Secrets Manager and KMS through the interface endpoints.
    this.rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'Credential rotation function: PostgreSQL to the database, HTTPS to the VPC endpoints',
    });
    this.rotationSecurityGroup.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(443), 'Secrets Manager and KMS interface endpoints');
    // What `addRotationSingleUser` builds (same application, same id, so it cannot be added twice),
    // but with the database's port as a literal: the instance's own `connections` carry it as an
    // unresolved endpoint attribute, which leaves the rule packs unable to judge the ingress rule.
    new secretsmanager.SecretRotation(this.instance, 'RotationSingleUser', {
      application: secretsmanager.SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER,
      secret: this.secret,
      target: { connections: new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(settings.port) }) },
      vpc,
      vpcSubnets: { subnetGroupName: SUBNET_TIERS.app },
      securityGroup: this.rotationSecurityGroup,
      automaticallyAfter: CREDENTIAL_ROTATION,
    });

    // The application's own user, rotated by alternating users (Secrets Manager's multi-user
    // rotation): each rotation sets a new password on whichever of `app` / `app_clone` is NOT
    // current and only then makes it current, so the credentials a running task holds keep
    // working until the rotation after next (30 days on), long after the daily recycle replaced
    // the task. Single-user rotation changes the password in use: every new connection of a
    // running task fails until its next restart.
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html#rotating-secrets-two-users
    const appSecret = new rds.DatabaseSecret(this, 'AppUserSecret', {
      username: APP_DATABASE_USER,
      masterSecret: this.secret,
      encryptionKey: this.key,
    });
    appSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.appSecret = appSecret.attach(this.instance);
    new secretsmanager.SecretRotation(this.instance, 'RotationMultiUser', {
      application: secretsmanager.SecretRotationApplication.POSTGRES_ROTATION_MULTI_USER,
      secret: this.appSecret,
      masterSecret: this.secret,
      target: { connections: new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(settings.port) }) },
      vpc,
      vpcSubnets: { subnetGroupName: SUBNET_TIERS.app },
      securityGroup: this.rotationSecurityGroup,
      automaticallyAfter: CREDENTIAL_ROTATION,
      // The first rotation clones `app`, which must exist in the database by then (created once
      // with the secret's first password; README, "Application contract"). Rotating at creation
      // would fail before anyone could create it.
      rotateImmediatelyOnUpdate: false,
    });

    this.monitoringRole = monitoringRole;
    Validations.of(monitoringRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason:
        'AmazonRDSEnhancedMonitoringRole is the AWS-maintained service-role policy for RDS enhanced monitoring; it only writes OS metrics to the RDSOSMetrics log group. One role serves the primary and its DR replica.',
    });
  }
}
