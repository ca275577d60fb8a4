/**
 * The IP blocker's logs and metrics on Powertools for AWS Lambda: the events it logs, and its
 * counters flushed once per invocation as Embedded Metric Format under exactly the dimensions the
 * `IpBlocker` construct's alarms read (namespace from the configuration, `Function` for the
 * counters, `Function` × `IpVersion` for each set's size; no Powertools `service` dimension).
 * https://docs.powertools.aws.dev/lambda/typescript/latest/core/metrics/
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { METRIC } from '../shared/contracts/ip-blocker';
import { EventLog, eventLog, functionMetrics } from '../shared/observability';
import { IpVersion } from './config';

export type LogEvent = 'block' | 'skip' | 'unblock' | 'invalid-event' | 'sweep' | 'threshold' | 'intake' | 'error';

/** Structured logs of the blocker's events (the invocation's context is on the Powertools logger). */
export class Logger {
  private readonly write: EventLog;

  constructor(logger: PowertoolsLogger) {
    this.write = eventLog(logger);
  }

  info(event: LogEvent, fields: Readonly<Record<string, unknown>> = {}): void {
    this.write('INFO', event, fields);
  }

  warn(event: LogEvent, fields: Readonly<Record<string, unknown>> = {}): void {
    this.write('WARN', event, fields);
  }

  error(event: LogEvent, fields: Readonly<Record<string, unknown>> = {}): void {
    this.write('ERROR', event, fields);
  }
}

type Counter = (typeof METRIC)[Exclude<keyof typeof METRIC, 'setSize' | 'offencesQueued'>];
const COUNTERS: readonly Counter[] = [METRIC.blocked, METRIC.skipped, METRIC.evicted, METRIC.unblocked, METRIC.wafUpdateCalls, METRIC.wafRetries];

/** The EMF writers of one function, created once per execution environment. */
export class MetricWriters {
  readonly counters: PowertoolsMetrics;
  readonly setSizes: Readonly<Record<IpVersion, PowertoolsMetrics>>;

  constructor(namespace: string, functionName: 'blocker' | 'reconciler') {
    this.counters = functionMetrics(namespace, { Function: functionName });
    this.setSizes = {
      4: functionMetrics(namespace, { Function: functionName, IpVersion: 'IPv4' }),
      6: functionMetrics(namespace, { Function: functionName, IpVersion: 'IPv6' }),
    };
  }
}

/** Counts for one invocation: summed here, written once by `flush` (one value per metric and line). */
export class Metrics {
  private readonly counts = new Map<Counter, number>();
  private readonly sizes = new Map<IpVersion, number>();

  constructor(private readonly writers: MetricWriters) {
    // Every counter on every line, zeros included, so each metric is a continuous series.
    for (const name of COUNTERS) this.counts.set(name, 0);
  }

  count(name: Counter, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  setSize(version: IpVersion, size: number): void {
    this.sizes.set(version, size);
  }

  flush(): void {
    for (const [name, value] of this.counts) this.writers.counters.addMetric(name, MetricUnit.Count, value);
    this.writers.counters.publishStoredMetrics();
    for (const [version, size] of this.sizes) {
      const writer = this.writers.setSizes[version];
      writer.addMetric(METRIC.setSize, MetricUnit.Count, size);
      writer.publishStoredMetrics();
    }
  }
}
