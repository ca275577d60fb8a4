import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { allowEventBridgeDeadLetters } from '../core/managed-key';
import { AlarmFactory } from './alarm-factory';
import { AlarmTopic } from './alarm-topic';
import { DatabaseMetrics } from './database-alarms';
import { DatabaseEvents, REPLICA_BROKEN_CATEGORIES } from './database-events';
import { NotificationAlarms } from './notification-alarms';

export interface ReplicaLagMonitoringProps {
  /** The cross-region read replica (in this construct's region). */
  readonly replica: rds.IDatabaseInstance;
  /** Prefix of names (the project name). */
  readonly namePrefix: string;
  /** Same subscriptions as the primary region's topic (config.monitoring). */
  readonly alarmEmails: string[];
  readonly alarmHttpsEndpoints: string[];
}

/**
 * MON-2 for the DR region: the replica is watched where it is (alarms and RDS events are
 * regional), through that region's own encrypted topic with the same subscriptions, and that
 * region's own `AlarmFactory`, not the primary region's Alerting stack: the DR region's alerting
 * must keep working when the primary region does not, and a stack of the DR region cannot take
 * the primary topic without a cross-region reference. The DR stack stays its own alerting layer.
 *
 * Not by `ReplicaLag`: for PostgreSQL it is the time since the last replayed transaction, so it
 * grows on an idle primary and would page every quiet night. Instead:
 * - RDS tells replication errors and replica outages as events (`rds-replica-events`, and the
 *   event itself to the topic within about a minute);
 * - a replica that stops reporting at all is `rds-replica-silent`;
 * - what the replica misses of the primary's writes is the primary's replication-slot lag,
 *   watched in the primary region (`rds-replication-slot-lag`, DatabaseAlarms).
 * The DR stack instantiates this.
 */
export class ReplicaLagMonitoring extends Construct {
  public readonly topic: sns.Topic;
  public readonly alarms: AlarmFactory;
  /** RDS reported a replication error, a restart or a failure of the replica. */
  public readonly replicaEvents: cloudwatch.Alarm;
  /** The replica published no metrics: deleted, stopped or stuck. */
  public readonly replicaSilent: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ReplicaLagMonitoringProps) {
    super(scope, id);
    const alarmTopic = new AlarmTopic(this, 'AlarmTopic', {
      keyAlias: `${props.namePrefix}/dr-alarms`,
      displayName: `${props.namePrefix} DR alarms`,
      emails: props.alarmEmails,
      httpsEndpoints: props.alarmHttpsEndpoints,
    });
    this.topic = alarmTopic.topic;
    this.alarms = new AlarmFactory({ action: alarmTopic.action, namePrefix: props.namePrefix });

    allowEventBridgeDeadLetters(alarmTopic.key);
    this.replicaEvents = new DatabaseEvents(this, 'ReplicaEvents', {
      instanceArn: props.replica.instanceArn,
      categories: REPLICA_BROKEN_CATEGORIES,
      topic: this.topic,
      undelivered: alarmTopic.deadLetterQueue,
      alarms: this.alarms,
      alarmName: 'rds-replica-events',
      meaning: 'The DR replica may have stopped replicating: a regional failover now could lose data or find no replica. Check its status; recreate it if replication was terminated.',
    }).alarm;
    this.replicaSilent = this.alarms.addAlarm(this, 'ReplicaSilent', {
      name: 'rds-replica-silent',
      description: 'The DR replica published no CPU datapoint: it was deleted, stopped or is stuck, and there is no copy to fail over to. Check the replica in the DR region.',
      metric: new DatabaseMetrics(props.replica).heartbeat(),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // The point of this alarm: silence is the failure (judged over the evaluation range, 240 s).
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      datapointsToAlarm: 1,
    });
    // Under the topic's construct, where they have always been (their logical ids do not move).
    new NotificationAlarms(alarmTopic, this.alarms, alarmTopic, 'dr-alarm-notifications-undelivered');
  }
}
