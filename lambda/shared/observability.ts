/**
 * The functions' structured logs and metrics, on Powertools for AWS Lambda (TypeScript) rather
 * than hand-made writers: one JSON object per line with the invocation's context (request id,
 * `cold_start`, function name, X-Ray trace id) and a `correlation_id` (the finding id or the
 * object key the invocation is about); metrics in CloudWatch Embedded Metric Format.
 *
 * Every line keeps the project's log schema: `event` names what happened (`block`, `copied`,
 * `quarantined`…) and is what Logs Insights queries and the tests select on; Powertools'
 * `message` holds the same word.
 *
 * Powertools writes INFO through console.info (stdout) and WARN/ERROR through console.warn/error
 * (stderr); Lambda sends both streams to the function's log group.
 * https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/
 *
 * No Powertools Tracer: the functions run with active tracing, so X-Ray already records each
 * invocation; per-call SDK subsegments would add the X-Ray SDK to every bundle and to cold starts
 * for calls whose latency the functions' own logs and metrics already show.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export type Level = 'INFO' | 'WARN' | 'ERROR';

/** Writes one structured line about one event. */
export type EventLog = (level: Level, event: string, fields?: Readonly<Record<string, unknown>>) => void;

/**
 * The part of Lambda's context object the handlers use (tests pass only a request id).
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 */
export interface InvocationContext {
  readonly awsRequestId?: string;
  readonly functionName?: string;
  readonly functionVersion?: string;
  readonly invokedFunctionArn?: string;
  readonly memoryLimitInMB?: string;
}

/** One logger per execution environment (module scope), so `cold_start` is true only for the first invocation. */
export function functionLogger(service: string, persistentKeys: Readonly<Record<string, string>> = {}): Logger {
  return new Logger({ serviceName: service, persistentKeys: { ...persistentKeys } });
}

/**
 * Starts an invocation's log context: the previous invocation's keys are dropped, the Lambda
 * context added (cold start, function name, request id), and the correlation id set when known.
 */
export function startInvocation(logger: Logger, context: InvocationContext | undefined, correlationId: string | undefined): void {
  logger.resetKeys();
  logger.addContext({
    awsRequestId: context?.awsRequestId ?? '',
    functionName: context?.functionName ?? '',
    functionVersion: context?.functionVersion ?? '',
    invokedFunctionArn: context?.invokedFunctionArn ?? '',
    memoryLimitInMB: context?.memoryLimitInMB ?? '',
  } as Parameters<Logger['addContext']>[0]);
  logger.appendKeys({ requestId: context?.awsRequestId });
  if (correlationId !== undefined) logger.setCorrelationId(correlationId);
}

/**
 * A Powertools EMF writer whose only dimensions are `dimensions` (in that order), created once per
 * execution environment. Powertools adds a `service` dimension by default; the alarms built on
 * these metrics read exactly the dimensions given here, so it is cleared.
 * https://docs.powertools.aws.dev/lambda/typescript/latest/core/metrics/
 */
export function functionMetrics(namespace: string, dimensions: Readonly<Record<string, string>>): Metrics {
  const writer = new Metrics({ namespace });
  writer.clearDefaultDimensions();
  writer.setDefaultDimensions({ ...dimensions });
  return writer;
}

/** The logger as an event log: `message` and `event` carry the event's name. */
export function eventLog(logger: Logger): EventLog {
  return (level, event, fields = {}) => {
    const item = { ...fields, message: event, event };
    if (level === 'ERROR') logger.error(item);
    else if (level === 'WARN') logger.warn(item);
    else logger.info(item);
  };
}

/** An error as log fields (name and message; the stack is long with source maps). */
export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}

/** The string at `path` in an event of unknown shape (for correlation ids), if there is one. */
export function stringAt(event: unknown, path: readonly string[]): string | undefined {
  let value: unknown = event;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}
