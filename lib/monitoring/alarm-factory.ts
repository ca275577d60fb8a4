import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CLASS_MARKERS, DetectionClass, DetectionTime, boundViolation, detectionTime } from './detection-bound';

/** Marks critical alarms in their description, so a template reader (the alarm table) can tell them apart. */
export const CRITICAL_MARKER = CLASS_MARKERS.critical;

/** The class an alarm definition may declare (`detection-bound.ts`). */
export type DetectionClassOption = DetectionClass;

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
  /**
   * What the alarm is for, and so how fast it must be (`detection-bound.ts`): critical within
   * 180 s, failure within 300 s, trend (an SLO or a backlog) not bound. @default 'failure'
   */
  readonly detectionClass?: DetectionClass;
  /** Shorthand for `detectionClass: 'critical'`. @default false */
  readonly critical?: boolean;
  /**
   * Seconds between the failure and the first input of the metric, when the metric counts events
   * (an EventBridge rule's matches): the event source's delivery delay. @default 0
   */
  readonly upstreamDelaySeconds?: number;
}

/** An alarm on the first occurrence of a count (`AlarmFactory.addOccurrenceAlarm`). */
export type OccurrenceAlarmDefinition = Pick<AlarmDefinition, 'name' | 'description' | 'metric' | 'evaluationPeriods' | 'detectionClass' | 'critical' | 'upstreamDelaySeconds'>;

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
 * missing-data treatment, ALARM and OK actions, a readable name, and an honest detection bound
 * (period × datapoints + the metric's publication delay + the evaluation cadence) within its
 * class: 180 s critical, 300 s failure — a definition that breaks it is refused at synthesis.
 */
export class AlarmFactory {
  private readonly allAlarms: cloudwatch.Alarm[] = [];
  private readonly criticalAlarms: cloudwatch.Alarm[] = [];
  private readonly times = new Map<cloudwatch.Alarm, DetectionTime>();

  constructor(private readonly props: AlarmFactoryProps) {}

  /** Every metric alarm made so far, in creation order. */
  public get all(): cloudwatch.Alarm[] {
    return [...this.allAlarms];
  }

  /** The critical subset (honest bound ≤ 180 s). */
  public get critical(): cloudwatch.Alarm[] {
    return [...this.criticalAlarms];
  }

  /** The honest detection time of an alarm this factory made. */
  public detectionTimeOf(alarm: cloudwatch.Alarm): DetectionTime {
    const time = this.times.get(alarm);
    if (!time) throw new Error(`Alarm ${alarm.node.path} was not made by this AlarmFactory.`);
    return time;
  }

  public addAlarm(scope: Construct, id: string, def: AlarmDefinition): cloudwatch.Alarm {
    const cls: DetectionClass = def.critical ? 'critical' : (def.detectionClass ?? 'failure');
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmName: this.alarmName(def.name),
      alarmDescription: cls === 'failure' ? def.description : `${CLASS_MARKERS[cls]} ${def.description}`,
      metric: def.metric,
      threshold: def.threshold,
      comparisonOperator: def.comparison,
      treatMissingData: def.treatMissingData,
      datapointsToAlarm: def.datapointsToAlarm,
      evaluationPeriods: def.evaluationPeriods ?? def.datapointsToAlarm,
      actionsEnabled: true,
    });
    const time = detectionTime(alarm, def.upstreamDelaySeconds ?? 0);
    const violation = boundViolation(time, cls);
    if (violation) {
      throw new Error(
        `Alarm "${def.name}" ${violation}. Shorten the period, lower datapointsToAlarm, watch a faster source, or declare it a trend alarm if it does not detect a failure.`,
      );
    }
    if ((def.evaluationPeriods ?? def.datapointsToAlarm) < def.datapointsToAlarm) {
      throw new Error(`Alarm "${def.name}": evaluationPeriods (${def.evaluationPeriods}) must be at least datapointsToAlarm (${def.datapointsToAlarm}).`);
    }
    this.notify(alarm);
    this.allAlarms.push(alarm);
    this.times.set(alarm, time);
    if (cls === 'critical') this.criticalAlarms.push(alarm);
    return alarm;
  }

  /**
   * An alarm that fires on the first occurrence of something that must not happen (a function
   * error, a failed delivery, a matched event, a parked message): at least 1 in a period, 1
   * datapoint. Such counts are published only when something happens, so no datapoint is the
   * healthy state (missing data not breaching). Give `evaluationPeriods` > 1 where the metric is
   * FILLed math (FILL turns the unpublished newest minute into 0) or the alarm must stay in ALARM.
   */
  public addOccurrenceAlarm(scope: Construct, id: string, def: OccurrenceAlarmDefinition): cloudwatch.Alarm {
    return this.addAlarm(scope, id, {
      ...def,
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 1,
    });
  }

  /**
   * An alarm on a dead-letter queue (`deadLetterMetric`): one parked message is one thing that
   * never happened (a delivery, a block, a recycle), so it fires on the first one SQS reports.
   * A dead-letter queue is idle by design, and SQS takes up to 15 minutes to resume metrics of an
   * idle queue: this alarm is a `trend` (the backlog is still there), not the failure detector.
   * The failure is detected from the producer's own metric (the Lambda, Scheduler, EventBridge or
   * SNS failure counts); give that alarm alongside.
   */
  public addDeadLetterAlarm(scope: Construct, id: string, def: { name: string; description: string; metric: cloudwatch.IMetric }): cloudwatch.Alarm {
    // SQS stops reporting an idle (empty) queue: that is the healthy state.
    return this.addOccurrenceAlarm(scope, id, { ...def, detectionClass: 'trend' });
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
