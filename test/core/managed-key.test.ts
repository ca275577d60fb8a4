import { allowEventBridgeDeadLetters, allowLogGroups, managedKey } from '../../lib/core/managed-key';
import { blockStack, resourcesOf, templateOf } from './support';

// lib/core/managed-key.ts: every customer-managed key of the app (GOV-1, DATA-1, DATA-5).
describe('managedKey', () => {
  const stack = blockStack();
  const key = managedKey(stack, 'Key', { purpose: 'test data', alias: 'hardened/test' });
  allowLogGroups(key);
  allowEventBridgeDeadLetters(key);
  const template = templateOf(stack);
  const [[keyId, resource]] = resourcesOf(template, 'AWS::KMS::Key');
  const statements: any[] = resource.Properties.KeyPolicy.Statement;

  test('rotates yearly, outlives the stack, waits 30 days before deletion; named by purpose and alias', () => {
    expect(resource.Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 365, PendingWindowInDays: 30, Description: 'hardened-stack: test data' });
    expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    const [[, alias]] = resourcesOf(template, 'AWS::KMS::Alias');
    expect(alias.Properties).toEqual({ AliasName: 'alias/hardened/test', TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  test('CloudWatch Logs of this region may use it only for log groups of this account and region', () => {
    const forLogs = statements.find((s) => JSON.stringify(s.Principal).includes('logs.'));
    expect(forLogs.Principal).toEqual({ Service: 'logs.ap-northeast-1.amazonaws.com' });
    expect(JSON.stringify(forLogs.Condition.ArnLike)).toContain(':logs:ap-northeast-1:123456789012:log-group:*');
  });

  test('EventBridge may write dead letters with it only for this account', () => {
    const forEvents = statements.find((s) => JSON.stringify(s.Principal).includes('events.amazonaws.com'));
    expect(forEvents.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(forEvents.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' } });
  });
});
