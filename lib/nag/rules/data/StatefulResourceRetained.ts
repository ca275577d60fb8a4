import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { view } from '../support';

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
export function StatefulResourceRetained(node: CfnResource): NagRuleCompliance {
  if (!STATEFUL_RESOURCE_TYPES.includes(node.cfnResourceType)) return NagRuleCompliance.NOT_APPLICABLE;
  const v = view(node);
  return KEEPING_DELETION.includes(v.deletionPolicy ?? '') && KEEPING_REPLACE.includes(v.updateReplacePolicy ?? '')
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
