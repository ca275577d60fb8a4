import { STATEFUL_RESOURCE_TYPES } from '../../lib/nag/rules/data/StatefulResourceRetained';
import { allTemplates } from '../support/assembly';

/**
 * The logical ids of every stateful resource of the default app, per stack, pinned.
 *
 * Why: CloudFormation identifies a resource by its logical id. Rename one (a construct id, a
 * moved construct, a new parent) and the next deploy creates a new resource and deletes the old
 * one: a new empty database, bucket, table or log group, or a new KMS key while the old one, the
 * only key that decrypts the old data and backups, is scheduled for deletion. Retain policies
 * keep the orphan but the stack no longer uses it: for the application that is data loss. So a
 * change here must be deliberate: a failing test names the ids that moved; keep the old ids (or
 * plan the migration: snapshot, import, key policy) before updating this list. Adding a stateful
 * resource also means adding it here, so it is pinned from its first deploy.
 *
 * The types are the rule pack's own list (DATA-5, StatefulResourceRetained); the default
 * configuration deploys no user pool (authentication pattern 0).
 */
const PINNED: Record<string, Record<string, string>> = {
  // Moved from Monitoring by the Alerting stack (issue #21): a deliberate replacement, see the README.
  Alerting: {
    AlarmTopicKeyBA1A4AA7: 'AWS::KMS::Key',
    AlarmTopicUndeliveredE260B21B: 'AWS::SQS::Queue',
  },
  App: {
    LogsKeyB5D1D597: 'AWS::KMS::Key',
    LogsLogGroupF3C6ECB9: 'AWS::Logs::LogGroup',
    RecycleDeadLetterKey99B1D555: 'AWS::KMS::Key',
    RecycleDeadLetterQueue4D778D0B: 'AWS::SQS::Queue',
  },
  Audit: {
    AccessLogsBucketCD784A59: 'AWS::S3::Bucket',
    LogArchiveKey11A44769: 'AWS::KMS::Key',
    LogArchiveBucket6951A440: 'AWS::S3::Bucket',
    AuditTrailLogsC65987F4: 'AWS::Logs::LogGroup',
  },
  Data: {
    DatabaseKey5E5D9547: 'AWS::KMS::Key',
    DatabasePostgresqlLogs0EEFD61B: 'AWS::Logs::LogGroup',
    DatabaseUpgradeLogsA548C373: 'AWS::Logs::LogGroup',
    DatabaseSecret3B817195: 'AWS::SecretsManager::Secret',
    DatabaseInstanceAA8A5FDE: 'AWS::RDS::DBInstance',
    DatabaseAppUserSecret9C33AA81: 'AWS::SecretsManager::Secret',
    BackupKey570ED138: 'AWS::KMS::Key',
    BackupVaultADF21B19: 'AWS::Backup::BackupVault',
  },
  Dr: {
    Key961B73FD: 'AWS::KMS::Key',
    NetworkFlowLogs2BEC3212: 'AWS::Logs::LogGroup',
    ReplicaPostgresqlLogs87B1BF6C: 'AWS::Logs::LogGroup',
    ReplicaUpgradeLogsE1C3C275: 'AWS::Logs::LogGroup',
    ReplicaInstance639BE1BF: 'AWS::RDS::DBInstance',
    BackupKey570ED138: 'AWS::KMS::Key',
    BackupVaultADF21B19: 'AWS::Backup::BackupVault',
    ReplicaLagAlarmTopicKey010B6C82: 'AWS::KMS::Key',
    ReplicaLagAlarmTopicUndelivered006D3C0F: 'AWS::SQS::Queue',
  },
  Edge: {
    WafLogsKeyCE0A99B0: 'AWS::KMS::Key',
    WafLogsLogGroup7269D967: 'AWS::Logs::LogGroup',
  },
  Files: {
    UploadsKeyEAFA4DCE: 'AWS::KMS::Key',
    UploadsBucketC4B27CC7: 'AWS::S3::Bucket',
    QuarantineKey87124930: 'AWS::KMS::Key',
    QuarantineBucket2B128B57: 'AWS::S3::Bucket',
    Key961B73FD: 'AWS::KMS::Key',
    ScanResultsDeadLettersAB301A0F: 'AWS::SQS::Queue',
    ScanResultsMoverLogs92642011: 'AWS::Logs::LogGroup',
  },
  Monitoring: {
    Key961B73FD: 'AWS::KMS::Key',
    FaultDrillsExperimentLogs4562DE54: 'AWS::Logs::LogGroup',
    DatabaseProbeLogs49DCEAFA: 'AWS::Logs::LogGroup',
  },
  Network: {
    FirewallAlertCopyKey0D7148E8: 'AWS::KMS::Key',
    FirewallAlertCopyAlertsD827B77A: 'AWS::Logs::LogGroup',
    FirewallAlertCopyFunctionLogs1FA9827B: 'AWS::Logs::LogGroup',
    FirewallAlertCopyDeadLettersC96930D4: 'AWS::SQS::Queue',
  },
  Threat: {
    Key961B73FD: 'AWS::KMS::Key',
    IpBlockerBlocksC81A5E48: 'AWS::DynamoDB::Table',
    IpBlockerDeadLettersF1F98E8E: 'AWS::SQS::Queue',
    IpBlockerOffences789A0BEC: 'AWS::SQS::Queue',
    IpBlockerBlockerLogsB6A1E326: 'AWS::Logs::LogGroup',
    IpBlockerReconcilerLogs360A5040: 'AWS::Logs::LogGroup',
    IpBlockerIntakeLogsDB784474: 'AWS::Logs::LogGroup',
  },
};

/** `Stack/LogicalId (Type)` of every stateful resource in the templates. */
function statefulIds(templates: Array<{ id: string; template: any }>): string[] {
  return templates.flatMap(({ id, template }) =>
    Object.entries<any>(template.Resources ?? {})
      .filter(([, r]) => STATEFUL_RESOURCE_TYPES.includes(r.Type))
      .map(([logicalId, r]) => `${id.replace(/^.*-/, '')}/${logicalId} (${r.Type})`),
  );
}

const pinned = Object.entries(PINNED).flatMap(([stack, ids]) => Object.entries(ids).map(([id, type]) => `${stack}/${id} (${type})`));

test('no stateful resource changed its logical id (a rename replaces it: data loss)', () => {
  const actual = new Set(statefulIds(allTemplates()));
  expect(pinned.filter((p) => !actual.has(p))).toEqual([]);
});

test('every stateful resource is pinned here from its first deploy', () => {
  const known = new Set(pinned);
  expect(statefulIds(allTemplates()).filter((a) => !known.has(a))).toEqual([]);
});
