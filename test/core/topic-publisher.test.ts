import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { managedKey } from '../../lib/core/managed-key';
import { topicTarget } from '../../lib/core/topic-publisher';
import { blockStack, resourcesOf, templateOf } from './support';

// lib/core/topic-publisher.ts: EventBridge publishes alerts with a role of its own, and drops none silently.
function build(encrypted: boolean) {
  const stack = blockStack();
  const key = managedKey(stack, 'Key', { purpose: 'alerts', alias: 'hardened/alerts' });
  const topic = new sns.Topic(stack, 'Alerts', encrypted ? { masterKey: key } : {});
  const deadLetters = new sqs.Queue(stack, 'DeadLetters');
  new events.Rule(stack, 'Rule', {
    eventPattern: { source: ['aws.backup'] },
    targets: [topicTarget(stack, 'Publisher', topic, { message: events.RuleTargetInput.fromText('backup failed'), deadLetterQueue: deadLetters, description: 'Publishes backup alerts' })],
  });
  const template = templateOf(stack);
  const id = (c: { node: { defaultChild?: any } }) => stack.getLogicalId(c.node.defaultChild);
  return { template, topicId: id(topic), keyId: id(key), queueId: id(deadLetters) };
}

describe('topicTarget', () => {
  const { template, topicId, keyId, queueId } = build(true);
  const [[, rule]] = resourcesOf(template, 'AWS::Events::Rule');
  const [target] = rule.Properties.Targets;
  const roleId = target.RoleArn['Fn::GetAtt'][0];
  const statementsOfRole = (t: any, role: string) =>
    resourcesOf(t, 'AWS::IAM::ManagedPolicy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);

  test('publishes to the topic the message given, with retries over up to a day, then parks the event in the dead-letter queue', () => {
    expect(target).toMatchObject({
      Arn: { Ref: topicId },
      Input: JSON.stringify('backup failed'),
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 },
    });
  });

  test('the role is EventBridge\'s, with the description given, and no inline policy', () => {
    expect(template.Resources[roleId].Properties).toMatchObject({
      AssumeRolePolicyDocument: { Statement: [expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' } })] },
      Description: 'Publishes backup alerts',
    });
    expect(resourcesOf(template, 'AWS::IAM::Policy')).toEqual([]);
  });

  test('the role may publish to that topic only, and use the topic\'s key through SNS only', () => {
    expect(statementsOfRole(template, roleId)).toEqual([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topicId } },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 'sns.ap-northeast-1.amazonaws.com' } },
      },
    ]);
    // The topic's key policy is left as it was: it names no role.
    expect(JSON.stringify(template.Resources[keyId].Properties.KeyPolicy)).not.toContain(roleId);
  });

  test('for a topic without a customer-managed key the role gets no KMS permission', () => {
    const plain = build(false);
    const [[, plainRule]] = resourcesOf(plain.template, 'AWS::Events::Rule');
    expect(statementsOfRole(plain.template, plainRule.Properties.Targets[0].RoleArn['Fn::GetAtt'][0])).toEqual([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: plain.topicId } },
    ]);
  });
});
