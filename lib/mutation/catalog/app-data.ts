/** APP and DATA: compute and data weakened the ways a hurried change would. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { HardenedStacks } from '../../hardened-app';
import { renderedProps as props } from '../../nag/engine/template-view';
import { list } from '../../nag/engine/values';
import { Mutation, l1, remove, theOne } from '../mutation';
import { deleteProperty, override } from './edit';

const service = (s: HardenedStacks) => l1(s.app.service);
const taskDef = (s: HardenedStacks) => l1(s.app.taskDefinition);
const schedule = (s: HardenedStacks) => theOne(s.app, 'AWS::Scheduler::Schedule', 'the recycle schedule');
const db = (s: HardenedStacks) => l1(s.data.database);
const replica = (s: HardenedStacks) => l1(s.dr.replica);
const plan = (s: HardenedStacks) => theOne(s.data, 'AWS::Backup::BackupPlan', 'the database backup plan');
const appContainer = (s: HardenedStacks) => {
  const i = list(props(taskDef(s)).ContainerDefinitions).findIndex((c) => c.Name === 'app');
  if (i < 0) throw new Error('no container named app');
  return i;
};

export const APP_MUTATIONS: Mutation[] = [
  // APP-1
  {
    id: 'service-one-task',
    control: 'APP-1',
    change: 'DesiredCount 1 in production, copied from the dev configuration "to save money".',
    apply: (s) => override(service(s), 'DesiredCount', 1),
  },
  {
    id: 'service-one-subnet',
    control: 'APP-1',
    change: 'Service subnets narrowed to one AZ to co-locate with the database.',
    apply: (s) => override(service(s), 'NetworkConfiguration.AwsvpcConfiguration.Subnets', [s.network.network.subnets('App').subnets[0].subnetId]),
  },
  {
    id: 'circuit-breaker-off',
    control: 'APP-1',
    change: 'Deployment circuit breaker disabled because a slow-starting image tripped it.',
    apply: (s) => override(service(s), 'DeploymentConfiguration.DeploymentCircuitBreaker', { Enable: false, Rollback: false }),
  },
  {
    id: 'min-healthy-fifty',
    control: 'APP-1',
    change: 'MinimumHealthyPercent 50 for faster deployments.',
    apply: (s) => override(service(s), 'DeploymentConfiguration.MinimumHealthyPercent', 50),
  },
  {
    id: 'service-detached-from-alb',
    control: 'APP-1',
    change: 'The service load-balancer registration removed while switching to service connect.',
    apply: (s) => deleteProperty(service(s), 'LoadBalancers'),
  },
  // APP-2
  {
    id: 'recycle-schedule-disabled',
    control: 'APP-2',
    change: 'The nightly recycle schedule disabled during a freeze and never re-enabled.',
    apply: (s) => override(schedule(s), 'State', 'DISABLED'),
    findingOn: { target: (s) => service(s), why: 'the service is what is no longer re-initialised' },
  },
  {
    id: 'recycle-without-force',
    control: 'APP-2',
    change: 'ForceNewDeployment dropped from the recycle input ("UpdateService is enough").',
    apply: (s) =>
      override(schedule(s), 'Target.Input', s.app.cluster.stack.toJsonString({ Cluster: s.app.cluster.clusterName, Service: s.app.service.serviceName })),
    findingOn: { target: (s) => service(s), why: 'the service is what is no longer re-initialised' },
  },
  {
    id: 'recycle-schedule-removed',
    control: 'APP-2',
    change: 'The recycle schedule deleted as "unused" in a clean-up.',
    apply: (s) => remove(theOne(s.app, 'AWS::Scheduler::Schedule', 'the recycle schedule').node.scope!),
    findingOn: { target: (s) => service(s), why: 'the service is what is no longer re-initialised' },
  },
  // APP-3
  {
    id: 'root-filesystem-writable',
    control: 'APP-3',
    change: 'ReadonlyRootFilesystem false because the app writes a cache file.',
    apply: (s) => override(taskDef(s), `ContainerDefinitions.${appContainer(s)}.ReadonlyRootFilesystem`, false),
  },
  {
    id: 'container-runs-as-root',
    control: 'APP-3',
    change: 'The container user removed to install a debugging tool at start-up.',
    apply: (s) => deleteProperty(taskDef(s), `ContainerDefinitions.${appContainer(s)}.User`),
  },
  {
    id: 'secret-in-environment',
    control: 'APP-3',
    change: 'An API token added as a plain environment variable, copied from a .env file.',
    apply: (s) => override(taskDef(s), `ContainerDefinitions.${appContainer(s)}.Environment`, [{ Name: 'PAYMENT_API_TOKEN', Value: 'sk_live_0000' }]),
  },
  {
    id: 'task-public-ip',
    control: 'APP-3',
    change: 'AssignPublicIp ENABLED to pull an image without a NAT gateway.',
    apply: (s) => override(service(s), 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp', 'ENABLED'),
  },
];

export const DATA_MUTATIONS: Mutation[] = [
  // DATA-1
  {
    id: 'database-unencrypted',
    control: 'DATA-1',
    change: 'StorageEncrypted false, from a snapshot-restore sample.',
    apply: (s) => {
      deleteProperty(db(s), 'KmsKeyId');
      return override(db(s), 'StorageEncrypted', false);
    },
  },
  {
    id: 'database-aws-managed-key',
    control: 'DATA-1',
    change: 'The database key switched to alias/aws/rds to avoid a key-policy error.',
    apply: (s) => override(db(s), 'KmsKeyId', 'alias/aws/rds'),
  },
  {
    id: 'database-key-not-rotating',
    control: 'DATA-1',
    change: 'Key rotation disabled on the database key "to keep old snapshots readable".',
    apply: (s) => override(l1(s.data.databaseKey), 'EnableKeyRotation', false),
    findingOn: { target: (s) => db(s), why: 'the database is what is no longer encrypted with a rotating key' },
  },
  // DATA-2
  {
    id: 'backup-retention-one-day',
    control: 'DATA-2',
    change: 'BackupRetentionPeriod 1 day, the console default.',
    apply: (s) => override(db(s), 'BackupRetentionPeriod', 1),
  },
  {
    id: 'backup-window-daytime',
    control: 'DATA-2',
    change: 'Backup window 03:00-04:00, read as local time but UTC (noon in Tokyo).',
    apply: (s) => override(db(s), 'PreferredBackupWindow', '03:00-04:00'),
  },
  {
    id: 'database-single-az',
    control: 'DATA-2',
    change: 'MultiAZ false to halve the bill.',
    apply: (s) => override(db(s), 'MultiAZ', false),
  },
  {
    id: 'database-deletion-protection-off',
    control: 'DATA-2',
    change: 'DeletionProtection false to let a stack replacement through.',
    apply: (s) => override(db(s), 'DeletionProtection', false),
  },
  // DATA-3
  {
    id: 'replica-removed',
    control: 'DATA-3',
    change: 'The cross-region replica deleted after a DR test "to save money until next quarter".',
    apply: (s) => remove(s.dr.replica),
    findingOn: { target: (s) => db(s), why: 'the primary is what is left without a remote copy' },
  },
  {
    id: 'replica-of-another-database',
    control: 'DATA-3',
    change: 'The replica source pointed at the staging database ARN pasted from another stack.',
    apply: (s) => override(replica(s), 'SourceDBInstanceIdentifier', 'arn:aws:rds:ap-northeast-1:123456789012:db:hardened-staging-db'),
    findingOn: { target: (s) => db(s), why: 'the primary is what is left without a remote copy' },
  },
  {
    id: 'replica-key-removed',
    control: 'DATA-3',
    change: "The replica's DR-region key removed after a cross-region key error.",
    apply: (s) => deleteProperty(replica(s), 'KmsKeyId'),
    findingOn: { target: (s) => db(s), why: 'the primary is what has no encrypted remote copy' },
  },
  // DATA-4
  {
    id: 'backup-copy-removed',
    control: 'DATA-4',
    change: 'The DR copy action removed from the backup plan to cut cross-region transfer costs.',
    apply: (s) => deleteProperty(plan(s), 'BackupPlan.BackupPlanRule.0.CopyActions'),
  },
  {
    id: 'backup-copy-same-region',
    control: 'DATA-4',
    change: 'The copy destination set to a vault in the primary region (wrong ARN pasted).',
    apply: (s) => override(plan(s), 'BackupPlan.BackupPlanRule.0.CopyActions.0.DestinationBackupVaultArn', 'arn:aws:backup:ap-northeast-1:123456789012:backup-vault:hardened-vault'),
  },
  {
    id: 'vault-lock-removed',
    control: 'DATA-4',
    change: 'The vault lock removed before the grace period ended, to delete a test backup.',
    apply: (s) => deleteProperty(l1(s.data.backupVault), 'LockConfiguration'),
  },
  {
    id: 'database-not-selected',
    control: 'DATA-4',
    change: 'The backup selection of the database deleted while refactoring the plan.',
    apply: (s) => remove(theOne(s.data, 'AWS::Backup::BackupSelection', 'the database selection').node.scope!),
    findingOn: { target: (s) => db(s), why: 'the database is what is no longer backed up' },
  },
  // DATA-5
  {
    id: 'database-removal-destroy',
    control: 'DATA-5',
    change: 'applyRemovalPolicy(DESTROY) on the database so `cdk destroy` cleans up a test environment.',
    apply: (s) => {
      s.data.database.applyRemovalPolicy(RemovalPolicy.DESTROY);
      return db(s);
    },
  },
  {
    id: 'archive-bucket-destroy',
    control: 'DATA-5',
    change: 'The log archive bucket given RemovalPolicy.DESTROY, copied from a quick-start.',
    apply: (s) => {
      const b = l1(s.audit.logArchive.bucket);
      b.applyRemovalPolicy(RemovalPolicy.DESTROY);
      return b;
    },
  },
  {
    id: 'blocks-table-destroy',
    control: 'DATA-5',
    change: 'The blocker table DeletionPolicy set to Delete.',
    apply: (s) => {
      const t = l1(s.threat.blocker.table);
      t.applyRemovalPolicy(RemovalPolicy.DESTROY);
      return t;
    },
  },
  {
    id: 'database-key-destroy',
    control: 'DATA-5',
    change: 'The database KMS key set to be deleted with the stack.',
    apply: (s) => {
      const k = l1(s.data.databaseKey);
      k.applyRemovalPolicy(RemovalPolicy.DESTROY);
      return k;
    },
  },
  // DATA-6
  {
    id: 'force-ssl-off',
    control: 'DATA-6',
    change: 'rds.force_ssl 0 for a reporting tool that cannot do TLS.',
    apply: (s) => override(theOne(s.data, 'AWS::RDS::DBParameterGroup', 'the primary parameter group'), 'Parameters.rds\\.force_ssl', '0'),
    findingOn: { target: (s) => db(s), why: 'the rule judges the database through its parameter group' },
  },
  {
    id: 'iam-auth-off',
    control: 'DATA-6',
    change: 'IAM database authentication disabled "we only use the master password".',
    apply: (s) => override(db(s), 'EnableIAMDatabaseAuthentication', false),
  },
  {
    id: 'rotation-removed',
    control: 'DATA-6',
    change: 'The credential rotation schedule removed after a failed rotation locked the app out.',
    apply: (s) => remove(theOne(s.data.databaseSecret, 'AWS::SecretsManager::RotationSchedule', 'the master credential rotation')),
    findingOn: { target: (s) => db(s), why: "the database is what keeps a password that never changes" },
  },
  {
    id: 'rotation-yearly',
    control: 'DATA-6',
    change: 'Rotation every 365 days, to rotate less often after an incident.',
    apply: (s) => {
      const r = theOne(s.data.databaseSecret, 'AWS::SecretsManager::RotationSchedule', 'the master credential rotation');
      deleteProperty(r, 'RotationRules.ScheduleExpression');
      return override(r, 'RotationRules.AutomaticallyAfterDays', 365);
    },
    findingOn: { target: (s) => db(s), why: 'the rule judges the database through its rotation schedule' },
  },
];

