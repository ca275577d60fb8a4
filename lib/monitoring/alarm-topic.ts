import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { managedKey } from '../core/managed-key';

export interface AlarmTopicProps {
  /** Alias of the topic's key, without `alias/` (unique per region). */
  readonly keyAlias: string;
  /** Name shown in e-mail notifications. */
  readonly displayName: string;
  /** Addresses subscribed by e-mail (each must confirm once). @default [] */
  readonly emails?: string[];
  /** HTTPS endpoints subscribed (chat webhooks, incident tools). @default [] */
  readonly httpsEndpoints?: string[];
}

/**
 * Where alarms notify (MON-1): an SNS topic encrypted with its own customer-managed key, TLS
 * required by the topic policy, with the configured e-mail and HTTPS subscriptions.
 *
 * CloudWatch publishes alarm notifications as the `cloudwatch.amazonaws.com` service, which
 * needs the key: the AWS-managed SNS key cannot grant it, and notifications then fail silently.
 * A notification SNS cannot deliver (a webhook down past its retries) lands in a dead-letter
 * queue instead of vanishing; `NotificationAlarms` (the Monitoring stack) alarms on both.
 */
export class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  /** Notifications SNS could not deliver to a subscriber. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The action every alarm uses, on ALARM and on OK. */
  public readonly action: cloudwatch.IAlarmAction;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    for (const endpoint of props.httpsEndpoints ?? []) {
      if (!/^https:\/\/[^\s/]+/.test(endpoint)) {
        throw new Error(`Alarm HTTPS endpoint "${endpoint}" must start with https:// (plain HTTP would send alarm details in clear text).`);
      }
    }

    this.key = managedKey(this, 'Key', { purpose: `alarm notifications (${props.displayName})`, alias: props.keyAlias });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    // SNS writes undeliverable notifications to the (same-key) dead-letter queue as its service principal.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SnsDeadLetters',
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.deadLetterQueue = new sqs.Queue(this, 'Undelivered', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Parked notifications are evidence of missed pages: keep them if the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const isDeadLetterQueue =
      'This queue is itself the dead-letter queue of the alarm subscriptions (an SNS redrive target, which the rule does not recognise); a queue behind it would only move the problem.';
    Validations.of(this.deadLetterQueue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: isDeadLetterQueue },
      { id: 'Serverless-SQSRedrivePolicy', reason: isDeadLetterQueue },
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName,
      masterKey: this.key,
      enforceSSL: true,
      // SHA256 signatures for HTTPS subscribers that verify messages.
      signatureVersion: '2',
    });
    const deadLetterQueue = this.deadLetterQueue;
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email, { deadLetterQueue }));
    for (const url of props.httpsEndpoints ?? []) {
      this.topic.addSubscription(new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS, deadLetterQueue }));
    }

    this.action = new cloudwatchActions.SnsAction(this.topic);
  }

  /**
   * Lets EventBridge rules of this account and region park, in the undelivered queue, the alerts
   * they could not publish to the topic (the routes' dead-letter queue). One statement for every
   * rule of the account: the rules live in the stacks above this one, and a statement per rule
   * ARN would make this stack depend on theirs. The queue's key must admit EventBridge as well
   * (`allowEventBridgeDeadLetters`).
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
   */
  public allowEventRouteDeadLetters(): void {
    const stack = Stack.of(this);
    this.deadLetterQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventRoutesOfThisAccount',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/*` },
        },
      }),
    );
  }

  /** Notifications SNS failed to deliver to a subscriber, per minute (the failure itself; see `NotificationAlarms`). */
  public metricNotificationsFailed(): cloudwatch.Metric {
    return this.topic.metricNumberOfNotificationsFailed({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM });
  }
}
