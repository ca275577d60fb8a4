import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlarmFactory, deadLetterMetric } from './alarm-factory';

const ONE_MINUTE = Duration.minutes(1);

/** Metric factory of the received-files routing (the Files stack's `ScanResultRouting`). */
export class ReceivedFilesMetrics {
  constructor(
    private readonly mover: lambda.IFunction,
    private readonly deadLetterQueue: sqs.IQueue,
  ) {}

  public moverErrors(): cloudwatch.Metric {
    return this.mover.metricErrors({ period: ONE_MINUTE, statistic: cloudwatch.Stats.SUM, label: 'Mover errors' });
  }

  public moverInvocations(): cloudwatch.Metric {
    return this.mover.metricInvocations({ period: ONE_MINUTE, statistic: cloudwatch.Stats.SUM, label: 'Scan results handled' });
  }

  public deadLetters(): cloudwatch.Metric {
    return deadLetterMetric(this.deadLetterQueue, 'Scan results in the dead-letter queue');
  }
}

export interface ReceivedFilesAlarmsProps {
  readonly metrics: ReceivedFilesMetrics;
  readonly alarms: AlarmFactory;
}

/**
 * FILE-1, MON-2: a malware scan result that was not handled means an infected file may not be
 * in quarantine yet (it stays unreadable meanwhile). The mover's errors are the failure; the
 * dead-letter backlog is the trend that stays until someone moves the file.
 */
export class ReceivedFilesAlarms extends Construct {
  public readonly moverErrors: cloudwatch.Alarm;
  public readonly deadLetters: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ReceivedFilesAlarmsProps) {
    super(scope, id);
    const { metrics, alarms } = props;
    this.deadLetters = alarms.addDeadLetterAlarm(this, 'DeadLetters', {
      name: 'files-scan-dead-letters',
      description:
        'A malware scan result could not be handled (an infected file may not be quarantined yet; it stays unreadable). Read the dead-letter queue, fix the cause, and move the file with the security role.',
      metric: metrics.deadLetters(),
    });
    this.moverErrors = alarms.addOccurrenceAlarm(this, 'MoverErrors', {
      name: 'files-mover-errors',
      description: 'The received-files mover failed (it retries; the dead-letter alarm fires if all retries fail). Its log group has the error line.',
      metric: metrics.moverErrors(),
      // Lambda reports only while invoked: no uploads, no datapoints.
    });
  }
}
