/**
 * The event CloudWatch Logs sends a subscription filter's Lambda destination:
 * `{ awslogs: { data: base64(gzip(JSON)) } }`, the JSON being `{ messageType, owner, logGroup,
 * logStream, subscriptionFilters, logEvents: [{ id, timestamp, message }] }`; `messageType` is
 * `CONTROL_MESSAGE` for the reachability check sent when the filter is created.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export interface LogEvent {
  readonly id: string;
  readonly timestamp: number;
  readonly message: string;
}

export interface LogBatch {
  readonly messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  readonly logGroup: string;
  readonly logStream: string;
  readonly logEvents: readonly LogEvent[];
}

/** The event is not a CloudWatch Logs subscription delivery. */
export class MalformedDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedDeliveryError';
  }
}

export function decodeSubscriptionEvent(event: unknown): LogBatch {
  const data = (event as { awslogs?: { data?: unknown } } | null)?.awslogs?.data;
  if (typeof data !== 'string') throw new MalformedDeliveryError('event has no awslogs.data');
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new MalformedDeliveryError(`awslogs.data is not base64 gzip JSON: ${(error as Error).message}`);
  }
  const messageType = parsed.messageType === 'CONTROL_MESSAGE' ? 'CONTROL_MESSAGE' : 'DATA_MESSAGE';
  const events = Array.isArray(parsed.logEvents) ? parsed.logEvents : [];
  return {
    messageType,
    logGroup: String(parsed.logGroup ?? ''),
    logStream: String(parsed.logStream ?? ''),
    logEvents: events
      .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
      .map((e) => ({ id: String(e.id ?? ''), timestamp: Number(e.timestamp ?? 0), message: String(e.message ?? '') })),
  };
}

/** Builds a delivery as CloudWatch Logs would (tests, the benchmark). */
export function encodeSubscriptionEvent(batch: Omit<LogBatch, 'messageType'> & { messageType?: LogBatch['messageType'] }): { awslogs: { data: string } } {
  const payload = {
    messageType: batch.messageType ?? 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: batch.logGroup,
    logStream: batch.logStream,
    subscriptionFilters: ['offences'],
    logEvents: batch.logEvents,
  };
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(payload))).toString('base64') } };
}
