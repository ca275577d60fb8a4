import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';

const ONE_MINUTE = Duration.minutes(1);

export interface EventDeliveryAlarmsProps {
  readonly alarms: AlarmFactory;
}

/**
 * Dead letters, detected at the producer (MON-1): every EventBridge rule of this stack's account
 * and region whose target failed after all retries (GuardDuty findings to the blocker, scan
 * results, backup and RDS alerts to the topic) counts in EventBridge's account-wide
 * `FailedInvocations` and `InvocationsSentToDlq`. Those metrics are published while rules run;
 * the dead-letter queues themselves are idle and SQS resumes an idle queue's metrics only after
 * up to 15 minutes, too late for the 300 s bound (`metric-sources.ts`).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
 */
export class EventDeliveryAlarms extends Construct {
  public readonly failed: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EventDeliveryAlarmsProps) {
    super(scope, id);
    const accountWide = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/Events', metricName, statistic: 'Sum', period: ONE_MINUTE });
    this.failed = props.alarms.addOccurrenceAlarm(this, 'Failed', {
      name: 'eventbridge-deliveries-failed',
      description:
        'An EventBridge rule could not deliver an event to its target after every retry; the event is in that target\'s dead-letter queue (a GuardDuty finding not blocked, a scan result not routed, an alert not told). Find the rule by its FailedInvocations metric, fix the target, replay the queue.',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(toDlq, 0)',
        usingMetrics: { failed: accountWide('FailedInvocations'), toDlq: accountWide('InvocationsSentToDlq') },
        period: ONE_MINUTE,
        label: 'EventBridge deliveries failed',
      }),
      // FILL makes the unpublished newest minute 0: three periods keep the published one in view.
      evaluationPeriods: 3,
    });
  }
}
