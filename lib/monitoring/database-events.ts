import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { topicTarget } from '../core/topic-publisher';
import { AlarmFactory, DetectionClassOption } from './alarm-factory';
import { CLASS_MARKERS } from './detection-bound';
import { eventSourceOf } from './metric-sources';

/**
 * RDS event categories that mean an instance is (or was) not serving: shut down, restarted,
 * failing over, failed, out of storage; and for a replica, replication errors.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html
 */
export const DATABASE_DOWN_CATEGORIES = ['availability', 'failover', 'failure', 'low storage'] as const;
export const REPLICA_BROKEN_CATEGORIES = ['read replica', 'availability', 'failure'] as const;

export interface DatabaseEventsProps {
  /** ARN of the DB instance whose events are told (the `resources` of RDS DB Instance Events). */
  readonly instanceArn: string;
  /** Event categories to tell (EventCategories of the event's detail). */
  readonly categories: readonly string[];
  /** Where each event is told as it happens. */
  readonly topic: sns.ITopic;
  /** Where an event EventBridge could not publish goes (the topic's alarmed undelivered queue). */
  readonly undelivered: sqs.IQueue;
  readonly alarms: AlarmFactory;
  /** Alarm name suffix of the rule-match alarm. */
  readonly alarmName: string;
  /** What the event means and what to do first (alarm description and message). */
  readonly meaning: string;
  /** Class of the direct route (the rule telling the topic). @default 'failure' */
  readonly routeClass?: DetectionClassOption;
}

/**
 * MON-2: a database that goes down, fails over or stops replicating is told by RDS itself.
 * A Multi-AZ failover keeps publishing metrics, and a metric gap is no proof of an outage: RDS
 * events are. EventBridge delivers each event to the topic directly (about a minute after the
 * change, `metric-sources.ts`), and the rule's `MatchedEvents` metric feeds an alarm, so fault
 * drills and composites can use it. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-cloud-watch-events.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html (MatchedEvents per RuleName).
 */
export class DatabaseEvents extends Construct {
  public readonly rule: events.Rule;
  /** In ALARM while a matching event arrived in the last minutes. */
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DatabaseEventsProps) {
    super(scope, id);
    if (props.categories.length === 0) throw new Error('DatabaseEvents needs at least one RDS event category.');
    const field = (path: string) => events.EventField.fromPath(path);
    // The description carries the route's class like an alarm's, for the alarm table.
    const routeClass = props.routeClass ?? 'failure';
    const marker = routeClass === 'failure' ? '' : `${CLASS_MARKERS[routeClass]} `;
    this.rule = new events.Rule(this, 'Rule', {
      description: `${marker}RDS events (${props.categories.join(', ')}) of one DB instance to the alarm topic (MON-2)`,
      eventPattern: {
        source: ['aws.rds'],
        detailType: ['RDS DB Instance Event'],
        resources: [props.instanceArn],
        detail: { EventCategories: [...props.categories] },
      },
      targets: [
        topicTarget(this, 'Publisher', props.topic, {
          message: events.RuleTargetInput.fromText(
            `RDS ${field('$.detail.EventID')} on ${field('$.detail.SourceIdentifier')} (${field('$.detail.EventCategories')}): ${field('$.detail.Message')}. ${props.meaning}`,
          ),
          deadLetterQueue: props.undelivered,
          description: 'EventBridge: publish RDS events to the alarm topic',
        }),
      ],
    });
    this.alarm = props.alarms.addOccurrenceAlarm(this, 'Alarm', {
      name: props.alarmName,
      description: `RDS reported a ${props.categories.join('/')} event for the instance. ${props.meaning}`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'MatchedEvents',
        dimensionsMap: { RuleName: this.rule.ruleName },
        statistic: 'Sum',
        period: Duration.minutes(1),
        label: 'RDS events matched',
      }),
      // EventBridge reports a rule only when it matches: no events is the healthy state.
      // 1 of 3: stays in ALARM two more minutes, so a drill's assertion sees it.
      evaluationPeriods: 3,
      // Event delivery + a 60 s datapoint + publication + cadence: 240 s, a failure alarm; the
      // rule's direct message to the topic is the fast path.
      detectionClass: 'failure',
      upstreamDelaySeconds: eventSourceOf('aws.rds').deliveryDelaySeconds,
    });
  }
}
