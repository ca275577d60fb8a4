import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { AlarmTopic } from './alarm-topic';
import { DatabaseMetrics } from './database-alarms';

export interface ReplicaLagMonitoringProps {
  /** The cross-region read replica (in this construct's region). */
  readonly replica: rds.IDatabaseInstance;
  /** Prefix of names (the project name). */
  readonly namePrefix: string;
  /** Same subscriptions as the primary region's topic (config.monitoring). */
  readonly alarmEmails: string[];
  readonly alarmHttpsEndpoints: string[];
  /** Lag above which the replica no longer meets the recovery point objective, seconds. @default 60 */
  readonly maxLagSeconds?: number;
}

/**
 * MON-2 for the DR region: CloudWatch alarms are regional, so the replica's lag is watched where
 * the replica is, and notifies through that region's own encrypted topic with the same
 * subscriptions. The DR stack instantiates this.
 */
export class ReplicaLagMonitoring extends Construct {
  public readonly topic: sns.Topic;
  public readonly replicaLag: cloudwatch.Alarm;
  public readonly alarms: AlarmFactory;

  constructor(scope: Construct, id: string, props: ReplicaLagMonitoringProps) {
    super(scope, id);
    const maxLag = props.maxLagSeconds ?? 60;
    if (!(maxLag > 0)) throw new Error(`maxLagSeconds must be positive, got ${maxLag}.`);

    const alarmTopic = new AlarmTopic(this, 'AlarmTopic', {
      keyAlias: `${props.namePrefix}/dr-alarms`,
      displayName: `${props.namePrefix} DR alarms`,
      emails: props.alarmEmails,
      httpsEndpoints: props.alarmHttpsEndpoints,
    });
    this.topic = alarmTopic.topic;
    this.alarms = new AlarmFactory({ action: alarmTopic.action, namePrefix: props.namePrefix });

    this.replicaLag = this.alarms.addAlarm(this, 'ReplicaLag', {
      name: 'rds-replica-lag',
      description: `The DR replica is more than ${maxLag} s behind the primary in 3 of 3 minutes, or stopped reporting lag: a regional failover now would lose that much data. Check the replica's status and the primary's write load.`,
      metric: new DatabaseMetrics(props.replica).replicaLag(),
      threshold: maxLag,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // A replica that stops reporting lag has stopped replicating, or is down.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      datapointsToAlarm: 3,
      evaluationPeriods: 3,
    });
    alarmTopic.watchUndelivered(this.alarms, 'dr-alarm-notifications-undelivered');
  }
}
