import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { AlarmThresholds } from './thresholds';

const ONE_MINUTE = Duration.minutes(1);
const ENGINES = ['Stateful', 'Stateless'] as const;

/**
 * Metric factory of the Network Firewall (`AWS/NetworkFirewall`). Packet metrics are published per
 * endpoint, with the dimensions FirewallName and AvailabilityZone (plus Engine, Stateful or
 * Stateless, for dropped and passed packets), and only when non-zero; the firewall-wide figures
 * are sums over the AZs.
 */
export class FirewallMetrics {
  constructor(
    private readonly firewallName: string,
    private readonly availabilityZones: string[],
  ) {
    if (availabilityZones.length === 0) throw new Error('FirewallMetrics needs the availability zones of the firewall endpoints (got none).');
    // Metric math allows 10 metrics per alarm: 2 engines × AZs must fit.
    if (availabilityZones.length * ENGINES.length > 10) throw new Error(`At most 5 firewall availability zones are supported, got ${availabilityZones.length}.`);
  }

  /** Packets received by the firewall, all endpoints. */
  public receivedPackets(): cloudwatch.MathExpression {
    const usingMetrics = Object.fromEntries(this.availabilityZones.map((az, i) => [`r${i}`, this.metric('ReceivedPackets', { AvailabilityZone: az })]));
    return this.sum(usingMetrics, 'Packets received (all AZs)');
  }

  /** Packets dropped by either engine, all endpoints. */
  public droppedPackets(): cloudwatch.MathExpression {
    const entries = this.availabilityZones.flatMap((az, i) =>
      ENGINES.map((engine) => [`d${engine === 'Stateful' ? 'sf' : 'sl'}${i}`, this.metric('DroppedPackets', { AvailabilityZone: az, Engine: engine })] as const),
    );
    return this.sum(Object.fromEntries(entries), 'Packets dropped (all AZs)');
  }

  private sum(usingMetrics: Record<string, cloudwatch.IMetric>, label: string): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({ expression: `SUM([${Object.keys(usingMetrics).join(', ')}])`, usingMetrics, period: ONE_MINUTE, label });
  }

  private metric(metricName: string, dimensions: Record<string, string>): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/NetworkFirewall',
      metricName,
      dimensionsMap: { FirewallName: this.firewallName, ...dimensions },
      statistic: 'Sum',
      period: ONE_MINUTE,
    });
  }
}

export interface FirewallAlarmsProps {
  readonly metrics: FirewallMetrics;
  readonly alarms: AlarmFactory;
  readonly thresholds: AlarmThresholds;
}

/** MON-2: the Network Firewall every packet to and from the internet crosses. */
export class FirewallAlarms extends Construct {
  public readonly droppedPacketsSpike: cloudwatch.Alarm;
  /** The firewall stopped reporting: every endpoint silent (the canary's own probes cross it each minute). */
  public readonly silent: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FirewallAlarmsProps) {
    super(scope, id);
    const { metrics, alarms, thresholds } = props;
    this.droppedPacketsSpike = alarms.addAlarm(this, 'DroppedPacketsSpike', {
      name: 'nfw-dropped-packets-spike',
      description: `The Network Firewall dropped more than ${thresholds.firewallDroppedPacketsPerMinute} packets/min in 3 of 4 minutes: an attack, or a rule change dropping legitimate traffic. Check the alert log.`,
      metric: metrics.droppedPackets(),
      threshold: thresholds.firewallDroppedPacketsPerMinute,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // Drops are reported only when there are some.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 3,
      evaluationPeriods: 4,
    });
    this.silent = alarms.addAlarm(this, 'Silent', {
      name: 'nfw-silent',
      description: 'No Network Firewall endpoint reported received packets, although the canary crosses it every minute: the firewall or its routing is broken. Check the firewall status and the route tables.',
      metric: metrics.receivedPackets(),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // Silence is the failure. CloudWatch fills missing datapoints only once fewer than N real
      // ones remain in its evaluation range (N + 2 periods), so 1 of 1 fires 240 s after the
      // last packet; 3 of 3 would take 360 s (`detection-bound.ts`).
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      datapointsToAlarm: 1,
      evaluationPeriods: 1,
    });
  }
}
