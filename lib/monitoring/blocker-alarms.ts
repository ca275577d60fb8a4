import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlarmFactory, deadLetterMetric } from './alarm-factory';

const ONE_MINUTE = Duration.minutes(1);

/** Metric factory of the blocker (the GuardDuty responder) and its dead-letter queue. */
export class BlockerMetrics {
  constructor(
    private readonly fn: lambda.IFunction,
    private readonly deadLetterQueue?: sqs.IQueue,
  ) {}

  public errors(): cloudwatch.Metric {
    return this.fn.metricErrors({ period: ONE_MINUTE, statistic: 'Sum', label: 'Blocker errors' });
  }

  public throttles(): cloudwatch.Metric {
    return this.fn.metricThrottles({ period: ONE_MINUTE, statistic: 'Sum', label: 'Blocker throttles' });
  }

  public invocations(): cloudwatch.Metric {
    return this.fn.metricInvocations({ period: ONE_MINUTE, statistic: 'Sum', label: 'Blocker invocations' });
  }

  public deadLetters(): cloudwatch.Metric | undefined {
    return this.deadLetterQueue && deadLetterMetric(this.deadLetterQueue, 'Findings in the blocker DLQ');
  }
}

export interface BlockerAlarmsProps {
  readonly metrics: BlockerMetrics;
  readonly alarms: AlarmFactory;
}

/**
 * MON-2, MON-4: the blocker must run: an error, a throttle or a finding parked in its dead-letter
 * queue means an attacker may not have been blocked.
 */
export class BlockerAlarms extends Construct {
  public readonly errors: cloudwatch.Alarm;
  public readonly throttles: cloudwatch.Alarm;
  public readonly deadLetters?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: BlockerAlarmsProps) {
    super(scope, id);
    const { metrics, alarms } = props;
    this.errors = alarms.addAlarm(this, 'Errors', {
      name: 'blocker-errors',
      description: 'The blocker failed at least once in a minute: a GuardDuty finding may not have been acted on. Check its log for the finding id.',
      metric: metrics.errors(),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // Lambda reports only while invoked; an idle blocker is normal.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 1,
    });
    this.throttles = alarms.addAlarm(this, 'Throttles', {
      name: 'blocker-throttles',
      description: 'The blocker was throttled at least once in a minute: findings wait or are retried. Check reserved concurrency.',
      metric: metrics.throttles(),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 1,
    });
    const deadLetters = metrics.deadLetters();
    if (deadLetters) {
      this.deadLetters = alarms.addDeadLetterAlarm(this, 'DeadLetters', {
        name: 'blocker-dead-letters',
        description: 'A GuardDuty finding is parked in the blocker dead-letter queue: it was never acted on. Replay it after fixing the cause.',
        metric: deadLetters,
      });
    }
  }
}
