import { encryptedLogGroup } from '../../lib/core/encrypted-log-group';
import { managedKey } from '../../lib/core/managed-key';
import { blockStack, resourcesOf, templateOf } from './support';

// lib/core/encrypted-log-group.ts: log groups that are evidence (DATA-1, DATA-5, LOG-*).
describe('encryptedLogGroup', () => {
  const stack = blockStack();
  const key = managedKey(stack, 'Key', { purpose: 'logs', alias: 'hardened/logs' });
  encryptedLogGroup(stack, 'First', { logGroupName: '/hardened/first', encryptionKey: key, retentionDays: 1096 });
  encryptedLogGroup(stack, 'Second', { logGroupName: '/hardened/second', encryptionKey: key, retentionDays: 3653 });
  const template = templateOf(stack);
  const [[keyId, keyResource]] = resourcesOf(template, 'AWS::KMS::Key');
  const groups = Object.fromEntries(resourcesOf(template, 'AWS::Logs::LogGroup').map(([, g]) => [g.Properties.LogGroupName, g]));

  test('named, kept the configured days, encrypted with the given key, retained by cdk destroy', () => {
    expect(groups['/hardened/first']).toMatchObject({ DeletionPolicy: 'Retain', Properties: { RetentionInDays: 1096, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } } });
    expect(groups['/hardened/second'].Properties.RetentionInDays).toBe(3653);
  });

  test('the key admits CloudWatch Logs once per group, each time for that group\'s ARN only', () => {
    const forLogs = keyResource.Properties.KeyPolicy.Statement.filter((s: any) => JSON.stringify(s.Principal).includes('logs.'));
    expect(forLogs.map((s: any) => s.Sid)).toEqual(['CloudWatchLogsFirst', 'CloudWatchLogsSecond']);
    expect(JSON.stringify(forLogs[0].Condition.ArnEquals)).toMatch(/log-group:\/hardened\/first"/);
    expect(JSON.stringify(forLogs[1].Condition.ArnEquals)).toMatch(/log-group:\/hardened\/second"/);
  });
});
