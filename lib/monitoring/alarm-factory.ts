import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_CRITICAL_DETECTION_SECONDS, MAX_DETECTION_SECONDS, detectionBound } from './detection-bound';

/** Marks critical alarms in their description, so a template reader (the alarm table) can tell them apart. */
export const CRITICAL_MARKER = '[critical]';

export interface AlarmDefinition {
  /** Suffix of the alarm name, kebab-case (`alb-healthy-hosts-below-floor`); the project prefix is added. */
  readonly name: string;
  /** What the alarm means and what to do first. */
  readonly description: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  /** Required on purpose (MON-1): what a component that stops reporting means is decided per alarm. */
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** Breaching datapoints that fire the alarm (M of "M out of N"). */
  readonly datapointsToAlarm: number;
  /** Datapoints looked at (N). A larger N than M keeps the alarm in ALARM for a while after recovery. @default - datapointsToAlarm */
  readonly evaluationPeriods?: number;
  /** Critical alarms must fire within 2 minutes instead of 5 (MON-1). @default false */
  readonly critical?: boolean;
}

/**
 * Messages waiting in a dead-letter queue, per minute: what every dead-letter alarm watches and
 * the dashboards draw. `label` names the line on a graph.
 */
export function deadLetterMetric(queue: sqs.IQueue, label?: string): cloudwatch.Metric {
  return queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM, ...(label ? { label } : {}) });
}

export interface AlarmFactoryProps {
  /** The shared action: every alarm notifies it on ALARM and on OK. */
  readonly action: cloudwatch.IAlarmAction;
  /** Prefix of every alarm name, usually the project name. */
  readonly namePrefix: string;
}

/**
 * The facade's shared alarm action and rules (MON-1): every alarm it makes has an explicit
 * missing-data treatment, ALARM and OK actions, a readable name, and a detection bound of at most
 * 300 s (120 s when critical) — a definition that breaks the bound is refused at synthesis.
 */
export class AlarmFactory {
  private readonly allAlarms: cloudwatch.Alarm[] = [];
  private readonly criticalAlarms: cloudwatch.Alarm[] = [];

  constructor(private readonly props: AlarmFactoryProps) {}

  /** Every metric alarm made so far, in creation order. */
  public get all(): cloudwatch.Alarm[] {
    return [...this.allAlarms];
  }

  /** The critical subset (detection bound ≤ 120 s). */
  public get critical(): cloudwatch.Alarm[] {
    return [...this.criticalAlarms];
  }

  public addAlarm(scope: Construct, id: string, def: AlarmDefinition): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmName: this.alarmName(def.name),
      alarmDescription: def.critical ? `${CRITICAL_MARKER} ${def.description}` : def.description,
      metric: def.metric,
      threshold: def.threshold,
      comparisonOperator: def.comparison,
      treatMissingData: def.treatMissingData,
      datapointsToAlarm: def.datapointsToAlarm,
      evaluationPeriods: def.evaluationPeriods ?? def.datapointsToAlarm,
      actionsEnabled: true,
    });
    const bound = detectionBound(alarm);
    const limit = def.critical ? MAX_CRITICAL_DETECTION_SECONDS : MAX_DETECTION_SECONDS;
    if (bound > limit) {
      throw new Error(
        `Alarm "${def.name}" detects within ${bound} s (period × datapointsToAlarm), more than the ${limit} s allowed for ${def.critical ? 'critical' : 'any'} alarms (MON-1). Shorten the period or lower datapointsToAlarm.`,
      );
    }
    if ((def.evaluationPeriods ?? def.datapointsToAlarm) < def.datapointsToAlarm) {
      throw new Error(`Alarm "${def.name}": evaluationPeriods (${def.evaluationPeriods}) must be at least datapointsToAlarm (${def.datapointsToAlarm}).`);
    }
    this.notify(alarm);
    this.allAlarms.push(alarm);
    if (def.critical) this.criticalAlarms.push(alarm);
    return alarm;
  }

  /**
   * An alarm on a dead-letter queue (`deadLetterMetric`): one parked message is one thing that
   * never happened (a delivery, a block, a recycle), so it fires on the first, within a minute.
   */
  public addDeadLetterAlarm(scope: Construct, id: string, def: { name: string; description: string; metric: cloudwatch.IMetric }): cloudwatch.Alarm {
    return this.addAlarm(scope, id, {
      ...def,
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // SQS stops reporting an idle (empty) queue: that is the healthy state.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 1,
    });
  }

  /** A composite alarm in ALARM when any of `alarms` is, with the shared actions. */
  public addAnyOfAlarm(scope: Construct, id: string, def: { name: string; description: string; alarms: cloudwatch.IAlarm[] }): cloudwatch.CompositeAlarm {
    if (def.alarms.length === 0) throw new Error(`Composite alarm "${def.name}" needs at least one child alarm.`);
    const composite = new cloudwatch.CompositeAlarm(scope, id, {
      compositeAlarmName: this.alarmName(def.name),
      alarmDescription: `${CRITICAL_MARKER} ${def.description}`,
      alarmRule: cloudwatch.AlarmRule.anyOf(...def.alarms.map((a) => cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM))),
      actionsEnabled: true,
    });
    this.notify(composite);
    return composite;
  }

  private notify(alarm: cloudwatch.AlarmBase): void {
    alarm.addAlarmAction(this.props.action);
    alarm.addOkAction(this.props.action);
  }

  private alarmName(suffix: string): string {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(suffix)) throw new Error(`Alarm name suffix "${suffix}" must be kebab-case (a-z, 0-9, single hyphens).`);
    return `${this.props.namePrefix}-${suffix}`;
  }
}
