import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlarmFactory, deadLetterMetric } from './alarm-factory';

/** What an alarm topic exposes to be watched (`AlarmTopic`). */
export interface NotificationSource {
  /** Notifications SNS failed to deliver to a subscriber, per minute. */
  metricNotificationsFailed(): cloudwatch.IMetric;
  /** Where undeliverable notifications (and alerts EventBridge could not publish) are parked. */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * Alarms on an alarm topic's own failures (MON-1), made under `scope` with the construct ids
 * `DeliveryFailedAlarm` and `UndeliveredAlarm`. The failure itself is SNS's
 * `NumberOfNotificationsFailed` on the topic (published while the topic is used, so within its
 * bound); the dead-letter queue's backlog is a `trend` alarm, because SQS resumes metrics of an
 * idle queue only after up to 15 minutes (`metric-sources.ts`).
 * https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html
 *
 * `name` is the undelivered alarm's suffix (`…-undelivered`); the delivery alarm's ends in
 * `-delivery-failed` instead.
 */
export class NotificationAlarms {
  public readonly deliveryFailed: cloudwatch.Alarm;
  public readonly undelivered: cloudwatch.Alarm;

  constructor(scope: Construct, alarms: AlarmFactory, source: NotificationSource, name: string) {
    if (!name.endsWith('-undelivered')) throw new Error(`NotificationAlarms name "${name}" must end in "-undelivered" (the delivery alarm's name is derived from it).`);
    this.deliveryFailed = alarms.addOccurrenceAlarm(scope, 'DeliveryFailedAlarm', {
      name: name.replace(/-undelivered$/, '-delivery-failed'),
      description: 'SNS failed to deliver an alarm notification to a subscriber (webhook down or rejecting); after its retries it is parked in the dead-letter queue. Check the subscriptions.',
      metric: source.metricNotificationsFailed(),
      // SNS reports failures only when there are some.
    });
    this.undelivered = alarms.addDeadLetterAlarm(scope, 'UndeliveredAlarm', {
      name,
      description:
        'An alarm notification could not be delivered to a subscriber (webhook down or rejecting), or EventBridge could not publish an event alert (failed backup job, RDS event) to the topic; it is parked in the dead-letter queue. Fix the cause, read the parked notifications, then purge the queue.',
      metric: deadLetterMetric(source.deadLetterQueue),
    });
  }
}
