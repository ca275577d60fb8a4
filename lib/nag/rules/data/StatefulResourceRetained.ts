import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * Resource types that hold data or evidence. Queues are included: dead-letter queues hold the
 * events that failed, which an investigation needs. User pools hold every user's identity.
 */
export const STATEFUL_RESOURCE_TYPES = [
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
  'AWS::Backup::BackupVault',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::SecretsManager::Secret',
  'AWS::SQS::Queue',
  'AWS::EFS::FileSystem',
  'AWS::Cognito::UserPool',
];

const KEEPING_DELETION = ['Retain', 'Snapshot', 'RetainExceptOnCreate'];
const KEEPING_REPLACE = ['Retain', 'Snapshot'];

/**
 * DATA-5: a stateful resource survives the deletion of its stack and its own replacement:
 * DeletionPolicy and UpdateReplacePolicy are Retain (or Snapshot).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const v = scan.view(node);
  return KEEPING_DELETION.includes(v.deletionPolicy ?? '') && KEEPING_REPLACE.includes(v.updateReplacePolicy ?? '')
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}

export const StatefulResourceRetained: HardenedRule = {
  control: 'DATA-5',
  name: 'StatefulResourceRetained',
  resourceTypes: STATEFUL_RESOURCE_TYPES,
  info: 'DATA-5: a stateful resource is not retained (DeletionPolicy and UpdateReplacePolicy Retain or Snapshot).',
  explanation: 'Deleting or replacing a stack must never delete data, keys, logs or backups.',
  check,
};
