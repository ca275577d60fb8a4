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

  /** Datapoints received: the instance reports CPU once a minute while it runs. */
  public heartbeat(): cloudwatch.Metric {
    return this.metric('CPUUtilization', 'SampleCount', 'Metric datapoints received');
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

  /**
   * WAL the most lagging replica has not received yet, bytes, published on the SOURCE instance.
   * RDS for PostgreSQL keeps a physical replication slot for a cross-Region replica, so this
   * grows only with writes the replica misses, unlike ReplicaLag (time since the last replayed
   * transaction), which grows on an idle primary.
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html (OldestReplicationSlotLag),
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html
   */
  public replicationSlotLagBytes(): cloudwatch.Metric {
    return this.metric('OldestReplicationSlotLag', 'Maximum', 'WAL not yet received by the replica (bytes)');
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

/**
 * MON-2: the primary database's resources. Down, rebooting or failing over is told by RDS events
 * (DatabaseEvents): a Multi-AZ failover keeps publishing metrics, so no metric gap shows it. The
 * DR replica is watched in its own region (ReplicaLagMonitoring); what it misses of the primary's
 * writes is watched here, on the primary's replication slot.
 */
export class DatabaseAlarms extends Construct {
  /** The replica stopped receiving the primary's WAL while the primary writes (RPO at risk). */
  public readonly replicationSlotLag: cloudwatch.Alarm;
  public readonly cpuHigh: cloudwatch.Alarm;
  public readonly freeStorageLow: cloudwatch.Alarm;
  public readonly connectionsHigh: cloudwatch.Alarm;
  public readonly readLatencyHigh: cloudwatch.Alarm;
  public readonly writeLatencyHigh: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    const { metrics, alarms, thresholds } = props;
    if (!(props.allocatedStorageGiB > 0)) throw new Error(`allocatedStorageGiB must be positive, got ${props.allocatedStorageGiB}.`);

    this.replicationSlotLag = alarms.addAlarm(this, 'ReplicationSlotLag', {
      name: 'rds-replication-slot-lag',
      description: `The DR replica has not received ${Math.round(thresholds.databaseReplicationSlotLagBytes / 1024 ** 2)} MiB of the primary's WAL in 2 of 3 minutes: replication is broken or far behind, and a regional failover now would lose those writes. Check the replica's status and RDS events in the DR region.`,
      metric: metrics.replicationSlotLagBytes(),
      threshold: thresholds.databaseReplicationSlotLagBytes,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No slot, no figure (no replica yet): nothing to lose.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 2,
      evaluationPeriods: 3,
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
