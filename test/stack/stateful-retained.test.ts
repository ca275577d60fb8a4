import { allTemplates } from '../support/assembly';

// DATA-5: nothing is lost on `cdk destroy` or on a replacement.
const STATEFUL_TYPES = [
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
  'AWS::Cognito::UserPool',
  'AWS::EFS::FileSystem',
];
const KEEPS = ['Retain', 'Snapshot', 'RetainExceptOnCreate'];

test('every stateful resource in every stack of both regions survives stack deletion and replacement', () => {
  const lost: string[] = [];
  let checked = 0;
  for (const { id, template } of allTemplates()) {
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (!STATEFUL_TYPES.includes(resource.Type)) continue;
      checked++;
      if (!KEEPS.includes(resource.DeletionPolicy) || !KEEPS.includes(resource.UpdateReplacePolicy)) {
        lost.push(`${id}/${logicalId} (${resource.Type}): DeletionPolicy=${resource.DeletionPolicy}, UpdateReplacePolicy=${resource.UpdateReplacePolicy}`);
      }
    }
  }
  expect(checked).toBeGreaterThan(0);
  expect(lost).toEqual([]);
});
