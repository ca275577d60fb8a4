import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { AlarmThresholds } from './thresholds';

const ONE_MINUTE = Duration.minutes(1);
const GIB = 1024 ** 3;

/** Metric factory of an RDS instance (AWS/RDS, one datapoint a minute per instance). */
export class DatabaseMetrics {
  constructor(private readonly database: rds.IDatabaseInstance) {}

  public cpu(): cloudwatch.Metric {
    return this.metric('CPUUtilization', 'Average', 'CPU %');
  }

  /** Datapoints received: the database's heartbeat (one a minute while it runs). */
  public heartbeat(): cloudwatch.Metric {
    return this.metric('DatabaseConnections', 'SampleCount', 'Metric datapoints received');
  }

  public connections(): cloudwatch.Metric {
    return this.metric('DatabaseConnections', 'Maximum', 'Connections');
  }

  public freeStorageBytes(): cloudwatch.Metric {
    return this.metric('FreeStorageSpace', 'Minimum', 'Free storage (bytes)');
  }

  public readLatency(): cloudwatch.Metric {
    return this.metric('ReadLatency', 'Average', 'Read latency (s)');
  }

  public writeLatency(): cloudwatch.Metric {
    return this.metric('WriteLatency', 'Average', 'Write latency (s)');
  }

  public replicaLag(): cloudwatch.Metric {
    return this.metric('ReplicaLag', 'Maximum', 'Replica lag (s)');
  }

  private metric(metricName: string, statistic: string, label: string): cloudwatch.Metric {
    return this.database.metric(metricName, { statistic, period: ONE_MINUTE, label });
  }
}

export interface DatabaseAlarmsProps {
  readonly metrics: DatabaseMetrics;
  readonly alarms: AlarmFactory;
  readonly thresholds: AlarmThresholds;
  /** Allocated storage of the instance, GiB (the free-storage threshold is a share of it). */
  readonly allocatedStorageGiB: number;
}

/** MON-2: the primary database. The DR replica's lag is watched in its own region (ReplicaLagMonitoring). */
export class DatabaseAlarms extends Construct {
  /** Customer impact: the database stopped reporting (down, rebooting, failing over). */
  public readonly unavailable: cloudwatch.Alarm;
  public readonly cpuHigh: cloudwatch.Alarm;
  public readonly freeStorageLow: cloudwatch.Alarm;
  public readonly connectionsHigh: cloudwatch.Alarm;
  public readonly readLatencyHigh: cloudwatch.Alarm;
  public readonly writeLatencyHigh: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    const { metrics, alarms, thresholds } = props;
    if (!(props.allocatedStorageGiB > 0)) throw new Error(`allocatedStorageGiB must be positive, got ${props.allocatedStorageGiB}.`);

    this.unavailable = alarms.addAlarm(this, 'Unavailable', {
      name: 'rds-unavailable',
      description: 'The database published no metrics in 2 of 3 minutes: it is down, rebooting or failing over. Check RDS events; if it does not return, follow the DR runbook.',
      metric: metrics.heartbeat(),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // The point of this alarm: silence is the failure.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      datapointsToAlarm: 2,
      evaluationPeriods: 3,
      critical: true,
    });
    this.cpuHigh = alarms.addAlarm(this, 'CpuHigh', {
      name: 'rds-cpu-high',
      description: `Database CPU above ${thresholds.databaseCpuPercent} % in 3 of 4 minutes. Check Performance Insights for the top queries.`,
      metric: metrics.cpu(),
      threshold: thresholds.databaseCpuPercent,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // Silence is the unavailable alarm's case.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 3,
      evaluationPeriods: 4,
    });
    const freeBytes = Math.floor(props.allocatedStorageGiB * GIB * thresholds.databaseFreeStorageRatio);
    this.freeStorageLow = alarms.addAlarm(this, 'FreeStorageLow', {
      name: 'rds-free-storage-low',
      description: `Free storage below ${Math.round(thresholds.databaseFreeStorageRatio * 100)} % of ${props.allocatedStorageGiB} GiB (${freeBytes} bytes). Grow the storage before writes fail.`,
      metric: metrics.freeStorageBytes(),
      threshold: freeBytes,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 2,
      evaluationPeriods: 2,
    });
    this.connectionsHigh = alarms.addAlarm(this, 'ConnectionsHigh', {
      name: 'rds-connections-high',
      description: `More than ${thresholds.databaseConnections} connections in 2 of 3 minutes: new connections will soon be refused. Check connection pooling and leaks.`,
      metric: metrics.connections(),
      threshold: thresholds.databaseConnections,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 2,
      evaluationPeriods: 3,
    });
    this.readLatencyHigh = alarms.addAlarm(this, 'ReadLatencyHigh', {
      name: 'rds-read-latency-high',
      description: `Average read latency above ${thresholds.databaseReadLatencySeconds * 1000} ms in 3 of 4 minutes: storage is saturated. Check IOPS and throughput.`,
      metric: metrics.readLatency(),
      threshold: thresholds.databaseReadLatencySeconds,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 3,
      evaluationPeriods: 4,
    });
    this.writeLatencyHigh = alarms.addAlarm(this, 'WriteLatencyHigh', {
      name: 'rds-write-latency-high',
      description: `Average write latency above ${thresholds.databaseWriteLatencySeconds * 1000} ms in 3 of 4 minutes: storage is saturated. Check IOPS and throughput.`,
      metric: metrics.writeLatency(),
      threshold: thresholds.databaseWriteLatencySeconds,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 3,
      evaluationPeriods: 4,
    });
  }
}
