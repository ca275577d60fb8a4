import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlarmFactory, deadLetterMetric } from './alarm-factory';

const ONE_MINUTE = Duration.minutes(1);

/**
 * Metric factory of the container-recycle schedule (EventBridge Scheduler, `AWS/Scheduler`).
 * Scheduler publishes per schedule group (dimension ScheduleGroup) and account-wide (no
 * dimension); it has no per-schedule dimension.
 */
export class RecycleMetrics {
  constructor(
    private readonly deadLetterQueue: sqs.IQueue,
    private readonly scheduleGroupName?: string,
  ) {}

  /** Invocations the target rejected plus invocations dropped after the retries ran out. */
  public failures(): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'FILL(errors, 0) + FILL(dropped, 0)',
      usingMetrics: { errors: this.scheduler('TargetErrorCount'), dropped: this.scheduler('InvocationDroppedCount') },
      period: ONE_MINUTE,
      label: 'Recycle invocations failed',
    });
  }

  public deadLetters(): cloudwatch.Metric {
    return deadLetterMetric(this.deadLetterQueue, 'Recycle DLQ messages');
  }

  private scheduler(metricName: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Scheduler',
      metricName,
      dimensionsMap: this.scheduleGroupName ? { ScheduleGroup: this.scheduleGroupName } : undefined,
      statistic: 'Sum',
      period: ONE_MINUTE,
    });
  }
}

export interface RecycleAlarmsProps {
  readonly metrics: RecycleMetrics;
  readonly alarms: AlarmFactory;
  /** Shown in the alarm descriptions. @default 'the recycle schedule' */
  readonly scheduleName?: string;
}

/** MON-2: the daily container recycle (seed S3's periodic re-initialisation) must not fail silently. */
export class RecycleAlarms extends Construct {
  public readonly failed: cloudwatch.Alarm;
  public readonly deadLetters: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RecycleAlarmsProps) {
    super(scope, id);
    const { metrics, alarms } = props;
    const schedule = props.scheduleName ? `schedule "${props.scheduleName}"` : 'the recycle schedule';
    this.failed = alarms.addOccurrenceAlarm(this, 'Failed', {
      name: 'recycle-failed',
      description: `EventBridge Scheduler could not run ${schedule} (target error or dropped invocation): containers were not replaced. Check the ECS UpdateService error and force a new deployment by hand.`,
      metric: metrics.failures(),
      // The schedule runs once a day: no invocation is the normal state.
      // 1 of 3, not 1 of 1: FILL turns the newest, not yet published minute into 0, so a 1-of-1
      // alarm only ever judges that 0 and never sees the failed run (the metric-math page warns
      // about FILL in alarms: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html).
      // Three periods keep the published minute in view.
      evaluationPeriods: 3,
    });
    this.deadLetters = alarms.addDeadLetterAlarm(this, 'DeadLetters', {
      name: 'recycle-dead-letters',
      description: `An invocation of ${schedule} is parked in its dead-letter queue: the recycle did not happen. Read the message's error, fix, then purge the queue.`,
      metric: metrics.deadLetters(),
    });
  }
}
