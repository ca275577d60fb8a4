import { IpVersion } from './config';
import { METRIC } from '../shared/contracts/ip-blocker';

/** Writes one log line. Raw stdout: Lambda keeps the JSON intact, so EMF lines become metrics. */
export type LineWriter = (line: string) => void;

export const stdoutWriter: LineWriter = (line) => {
  process.stdout.write(`${line}\n`);
};

export type LogEvent = 'block' | 'skip' | 'unblock' | 'invalid-event' | 'sweep' | 'error';

/** Structured JSON logs: one object per line, with the fields every line of a run shares. */
export class Logger {
  constructor(
    private readonly context: Readonly<Record<string, unknown>>,
    private readonly write: LineWriter = stdoutWriter,
  ) {}

  child(fields: Readonly<Record<string, unknown>>): Logger {
    return new Logger({ ...this.context, ...fields }, this.write);
  }

  info(event: LogEvent, fields: Readonly<Record<string, unknown>> = {}): void {
    this.emit('INFO', event, fields);
  }

  warn(event: LogEvent, fields: Readonly<Record<string, unknown>> = {}): void {
    this.emit('WARN', event, fields);
  }

  error(event: LogEvent, fields: Readonly<Record<string, unknown>> = {}): void {
    this.emit('ERROR', event, fields);
  }

  private emit(level: string, event: LogEvent, fields: Readonly<Record<string, unknown>>): void {
    this.write(JSON.stringify({ timestamp: new Date().toISOString(), level, event, ...this.context, ...fields }));
  }
}

/** An error as log fields (name and message; no stack, which the source map makes long). */
export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}

type Counter = (typeof METRIC)[Exclude<keyof typeof METRIC, 'setSize'>];

/**
 * Counts for one invocation, flushed as CloudWatch Embedded Metric Format lines: the counters
 * under the `Function` dimension, each set's size under `Function` × `IpVersion`.
 * No PutMetricData calls: CloudWatch Logs extracts the metrics.
 */
export class Metrics {
  private readonly counts = new Map<Counter, number>();
  private readonly sizes = new Map<IpVersion, number>();

  constructor(
    private readonly namespace: string,
    private readonly functionName: string,
    private readonly write: LineWriter = stdoutWriter,
  ) {
    // Every counter on every line, zeros included, so each metric is a continuous series.
    for (const name of [METRIC.blocked, METRIC.skipped, METRIC.evicted, METRIC.unblocked, METRIC.wafUpdateCalls, METRIC.wafRetries]) {
      this.counts.set(name, 0);
    }
  }

  count(name: Counter, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  setSize(version: IpVersion, size: number): void {
    this.sizes.set(version, size);
  }

  flush(now: Date = new Date()): void {
    const line = (dimensions: string[], metrics: Record<string, number>, extra: Record<string, string>) =>
      this.write(
        JSON.stringify({
          _aws: {
            Timestamp: now.getTime(),
            CloudWatchMetrics: [
              { Namespace: this.namespace, Dimensions: [dimensions], Metrics: Object.keys(metrics).map((Name) => ({ Name, Unit: 'Count' })) },
            ],
          },
          Function: this.functionName,
          ...extra,
          ...metrics,
        }),
      );
    line(['Function'], Object.fromEntries(this.counts), {});
    for (const [version, size] of this.sizes) line(['Function', 'IpVersion'], { [METRIC.setSize]: size }, { IpVersion: `IPv${version}` });
  }
}
