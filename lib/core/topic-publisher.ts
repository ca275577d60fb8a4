import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * A role EventBridge assumes to publish to `topic` (`targets.SnsTopic` with `authorizeUsingRole`):
 * sns:Publish on that topic and, for a topic with a customer-managed key, that key through SNS
 * only. The topic's key policy then stays as it is, whichever stack the rule is in.
 *
 * Construct ids under `scope` are `<id>Role` and `<id>Policy`.
 */
export function topicPublisherRole(scope: Construct, id: string, topic: sns.ITopic, description: string): iam.IRole {
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('events.amazonaws.com'), description });
  const key = (topic as sns.Topic).masterKey;
  new iam.ManagedPolicy(scope, `${id}Policy`, {
    roles: [role],
    statements: [
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
      ...(key
        ? [
            new iam.PolicyStatement({
              actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
              resources: [key.keyArn],
              conditions: { StringEquals: { 'kms:ViaService': `sns.${Stack.of(scope).region}.amazonaws.com` } },
            }),
          ]
        : []),
    ],
  });
  return role.withoutPolicyUpdates();
}

export interface TopicTargetProps {
  /** The message EventBridge publishes (what happened and what to do first). */
  readonly message: events.RuleTargetInput;
  /** Where an event EventBridge could not publish is parked. */
  readonly deadLetterQueue: sqs.IQueue;
  /** The publisher role's description. */
  readonly description: string;
}

/**
 * An EventBridge rule target that tells `topic`: published with its own role
 * (`topicPublisherRole`, construct ids `<id>Role` and `<id>Policy` under `scope`), retried 8 times
 * over up to 24 hours, then parked in the dead-letter queue, so no alert is dropped silently.
 */
export function topicTarget(scope: Construct, id: string, topic: sns.ITopic, props: TopicTargetProps): targets.SnsTopic {
  return new targets.SnsTopic(topic, {
    message: props.message,
    deadLetterQueue: props.deadLetterQueue,
    retryAttempts: 8,
    maxEventAge: Duration.hours(24),
    authorizeUsingRole: true,
    role: topicPublisherRole(scope, id, topic, props.description),
  });
}
