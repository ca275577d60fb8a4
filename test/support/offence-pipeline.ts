/**
 * The blocker's log path against moto_server, with the two AWS pieces moto cannot run played here
 * as documented: CloudWatch Logs' subscription delivery (the log group's events, gzipped and
 * base64-encoded, to the intake) and the EventBridge pipe (poll the offence queue into batches,
 * invoke the blocker with the batch, delete what succeeded, leave the failed messages to come
 * back after their visibility timeout). Logs, SQS, DynamoDB and WAFv2 are moto's.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { encodeSubscriptionEvent } from '../../lambda/ip-blocker/log-subscription';
import { REGION } from './aws-fixture';

type Handler = (event: unknown, context?: { awsRequestId?: string }) => Promise<unknown>;

export const FIREWALL_ALERT_GROUP = '/hardened/network-firewall/alerts';
export const WAF_LOG_GROUP = 'aws-waf-logs-hardened';

/** Creates the offence queue in moto; returns its URL. */
export async function createOffenceQueue(endpoint: string, name = 'offences'): Promise<string> {
  const sqs = new SQSClient({ endpoint, region: REGION });
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  sqs.destroy();
  return out.QueueUrl!;
}

export interface DrainResult {
  readonly batches: number;
  readonly messages: number;
  /** Messages the blocker reported failed (left in the queue). */
  readonly failed: number;
}

export class OffencePipeline {
  private readonly logs: CloudWatchLogsClient;
  private readonly sqs: SQSClient;
  private readonly streams = new Set<string>();

  constructor(
    endpoint: string,
    private readonly queueUrl: string,
    private readonly handlers: { readonly intake: Handler; readonly blocker: Handler },
  ) {
    this.logs = new CloudWatchLogsClient({ endpoint, region: REGION });
    this.sqs = new SQSClient({ endpoint, region: REGION });
  }

  destroy(): void {
    this.logs.destroy();
    this.sqs.destroy();
  }

  /** Writes lines to a log stream (as the ALERT copy function or WAF would). */
  async write(group: string, stream: string, lines: readonly { message: string; timestamp: number }[]): Promise<void> {
    const key = `${group}\u0000${stream}`;
    if (!this.streams.has(key)) {
      try {
        await this.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      } catch (e) {
        if (!(e instanceof ResourceAlreadyExistsException)) throw e;
      }
      await this.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      this.streams.add(key);
    }
    for (let i = 0; i < lines.length; i += 1000) {
      await this.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: lines.slice(i, i + 1000).map((l) => ({ ...l })) }));
    }
  }

  /**
   * Delivers a stream's events to the intake as a subscription filter would, `perDelivery` events
   * at a time. moto's event ids restart per stream, so an event's id here is its stream and
   * position: unique, and the same when the same events are delivered again (a replay).
   */
  async deliver(group: string, stream: string, options: { readonly from?: number; readonly to?: number; readonly perDelivery?: number } = {}): Promise<number> {
    const events: { id: string; timestamp: number; message: string }[] = [];
    let token: string | undefined;
    for (;;) {
      const out = await this.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token }));
      for (const e of out.events ?? []) events.push({ id: `${stream}/${events.length}`, timestamp: e.timestamp!, message: e.message! });
      if (!out.nextForwardToken || out.nextForwardToken === token || (out.events ?? []).length === 0) break;
      token = out.nextForwardToken;
    }
    const chosen = events.slice(options.from ?? 0, options.to);
    const size = options.perDelivery ?? 500;
    for (let i = 0; i < chosen.length; i += size) {
      await this.handlers.intake(encodeSubscriptionEvent({ logGroup: group, logStream: stream, logEvents: chosen.slice(i, i + size) }));
    }
    return chosen.length;
  }

  /**
   * Polls the queue as the pipe does: up to `batchSize` messages per invocation (10 per
   * ReceiveMessage), the blocker invoked with the batch, successes deleted. Stops when a poll
   * finds the queue empty (failed messages are invisible until their timeout) or after `maxBatches`.
   */
  async drain(options: {
    readonly batchSize: number;
    readonly visibilitySeconds?: number;
    readonly maxBatches?: number;
    /** The pipe's batching window: stop filling a batch this long after its first message. */
    readonly windowMs?: number;
  }): Promise<DrainResult> {
    let batches = 0;
    let messages = 0;
    let failed = 0;
    while (options.maxBatches === undefined || batches < options.maxBatches) {
      const batch: { messageId: string; receiptHandle: string; body: string; eventSource: 'aws:sqs' }[] = [];
      let firstAt = 0;
      while (batch.length < options.batchSize && (firstAt === 0 || options.windowMs === undefined || Date.now() - firstAt < options.windowMs)) {
        const out = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.queueUrl,
            MaxNumberOfMessages: Math.min(10, options.batchSize - batch.length),
            VisibilityTimeout: options.visibilitySeconds ?? 30,
            WaitTimeSeconds: 0,
          }),
        );
        const got = out.Messages ?? [];
        for (const m of got) batch.push({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, eventSource: 'aws:sqs' });
        if (got.length > 0 && firstAt === 0) firstAt = Date.now();
        if (got.length === 0) break;
      }
      if (batch.length === 0) break;
      batches++;
      messages += batch.length;
      let failures = new Set<string>(batch.map((m) => m.messageId));
      try {
        const response = (await this.handlers.blocker(batch)) as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
        failures = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch {
        // The whole batch failed: every message comes back after its visibility timeout.
      }
      failed += failures.size;
      const done = batch.filter((m) => !failures.has(m.messageId));
      for (let i = 0; i < done.length; i += 10) {
        await this.sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: done.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.receiptHandle })) }),
        );
      }
    }
    return { batches, messages, failed };
  }

  /** Messages in the queue, visible or not. */
  async depth(): Promise<number> {
    const out = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
}

/** A Network Firewall ALERT line (Suricata EVE JSON as Network Firewall wraps it). */
export function alertLine(o: { src: string; sid: number; signature: string; action?: 'blocked' | 'allowed'; at?: Date; severity?: number; dest?: string }): string {
  const at = o.at ?? new Date();
  return JSON.stringify({
    firewall_name: 'hardened-inspection',
    availability_zone: 'ap-northeast-1a',
    event_timestamp: String(Math.floor(at.getTime() / 1000)),
    event: {
      // Suricata's format: microseconds and an offset without a colon.
      timestamp: at.toISOString().replace('Z', '000+0000'),
      flow_id: 1234567890123456,
      event_type: 'alert',
      src_ip: o.src,
      src_port: 51234,
      dest_ip: o.dest ?? '10.20.0.45',
      dest_port: 443,
      proto: 'TCP',
      app_proto: 'http',
      alert: { action: o.action ?? 'blocked', signature_id: o.sid, rev: 1, signature: o.signature, category: '', severity: o.severity ?? 1 },
    },
  });
}

/** A WAF log record (the fields the blocker reads, with their documented shapes). */
export function wafRecord(o: {
  clientIp: string;
  ruleId: string;
  type: 'MANAGED_RULE_GROUP' | 'REGULAR' | 'RATE_BASED';
  action?: 'BLOCK' | 'ALLOW';
  inner?: string;
  at?: Date;
}): string {
  return JSON.stringify({
    timestamp: (o.at ?? new Date()).getTime(),
    formatVersion: 1,
    webaclId: 'arn:aws:wafv2:ap-northeast-1:123456789012:regional/webacl/hardened-edge/0b4f3a4e-1111-2222-3333-444455556666',
    terminatingRuleId: o.ruleId,
    terminatingRuleType: o.type,
    action: o.action ?? 'BLOCK',
    terminatingRuleMatchDetails: [],
    httpSourceName: 'ALB',
    httpSourceId: '123456789012-app/hardened/abc',
    ruleGroupList: o.type === 'MANAGED_RULE_GROUP' ? [{ ruleGroupId: `AWS#${o.ruleId}`, terminatingRule: { ruleId: o.inner ?? 'SQLi_QUERYARGUMENTS', action: 'BLOCK' } }] : [],
    rateBasedRuleList: [],
    nonTerminatingMatchingRules: [],
    httpRequest: { clientIp: o.clientIp, country: 'NL', headers: [], uri: '/login', args: "id=1' OR 1=1", httpVersion: 'HTTP/1.1', httpMethod: 'GET', requestId: 'abc' },
  });
}
