import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlarmFactory, deadLetterMetric } from './alarm-factory';

const ONE_MINUTE = Duration.minutes(1);

/** What else of the IP blocker (Threat stack) is watched besides the blocker function. */
export interface BlockerExtras {
  /** The reconciler (expiry, restore, sweep every 10 minutes). @default - not watched */
  readonly reconciler?: lambda.IFunction;
  /** Blocks evicted early because an IP set was full (`IpBlocker.metricEvictions()`). @default - not watched */
  readonly evictions?: cloudwatch.IMetric;
}

/** Metric factory of the blocker (the GuardDuty responder), its reconciler and its dead-letter queue. */
export class BlockerMetrics {
  constructor(
    private readonly fn: lambda.IFunction,
    private readonly deadLetterQueue?: sqs.IQueue,
    private readonly extras: BlockerExtras = {},
  ) {}

  public reconcilerErrors(): cloudwatch.Metric | undefined {
    return this.extras.reconciler?.metricErrors({ period: ONE_MINUTE, statistic: 'Sum', label: 'Reconciler errors' });
  }

  public evictions(): cloudwatch.IMetric | undefined {
    return this.extras.evictions;
  }

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
 * queue means an attacker may not have been blocked; a reconciler error means blocks may not
 * expire or be restored; an eviction means an attacker was unblocked early (an IP set is full).
 */
export class BlockerAlarms extends Construct {
  public readonly errors: cloudwatch.Alarm;
  public readonly throttles: cloudwatch.Alarm;
  public readonly deadLetters?: cloudwatch.Alarm;
  public readonly reconcilerErrors?: cloudwatch.Alarm;
  public readonly setFull?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: BlockerAlarmsProps) {
    super(scope, id);
    const { metrics, alarms } = props;
    this.errors = alarms.addOccurrenceAlarm(this, 'Errors', {
      name: 'blocker-errors',
      description: 'The blocker failed at least once in a minute: a GuardDuty finding may not have been acted on. Check its log for the finding id.',
      metric: metrics.errors(),
      // Lambda reports only while invoked; an idle blocker is normal.
    });
    this.throttles = alarms.addOccurrenceAlarm(this, 'Throttles', {
      name: 'blocker-throttles',
      description: 'The blocker was throttled at least once in a minute: findings wait or are retried. Check reserved concurrency.',
      metric: metrics.throttles(),
    });
    const deadLetters = metrics.deadLetters();
    if (deadLetters) {
      this.deadLetters = alarms.addDeadLetterAlarm(this, 'DeadLetters', {
        name: 'blocker-dead-letters',
        description: 'A GuardDuty finding is parked in the blocker dead-letter queue: it was never acted on. Replay it after fixing the cause.',
        metric: deadLetters,
      });
    }
    const reconcilerErrors = metrics.reconcilerErrors();
    if (reconcilerErrors) {
      this.reconcilerErrors = alarms.addOccurrenceAlarm(this, 'ReconcilerErrors', {
        name: 'blocker-reconciler-errors',
        description: 'The IP blocker reconciler failed (it runs every 10 minutes): expired blocks may stay, missing ones may not be restored, missed findings may not be swept. Check its log.',
        metric: reconcilerErrors,
        // Lambda reports only while invoked (every 10 minutes).
      });
    }
    const evictions = metrics.evictions();
    if (evictions) {
      this.setFull = alarms.addOccurrenceAlarm(this, 'SetFull', {
        name: 'blocker-set-full',
        description: 'A WAF IP set reached its limit and the blocker evicted blocks early: some attackers are unblocked before their TTL. Shorten threat.blockTtlHours or raise minSeverity.',
        metric: evictions,
        // The blocker publishes the count only when it evicts.
      });
    }
  }
}
