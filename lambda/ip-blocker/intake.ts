/**
 * The intake: a CloudWatch Logs subscription delivery (firewall ALERT copy or WAF log) → the
 * offences in it → the offence queue, ten per SendMessageBatch. It decides nothing beyond "is this
 * line an offence at all": counting, thresholds and never-block ranges are the blocker's.
 */
import { SQSClient, SendMessageBatchCommand, SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { OffencePolicy } from '../shared/contracts/ip-blocker';
import { classifyFirewallAlert } from './firewall-alert';
import { decodeSubscriptionEvent } from './log-subscription';
import { Classified, NotAnOffence, Offence } from './offence';
import { classifyWafRecord } from './waf-log';

/** WAF delivers to CloudWatch Logs only into groups named so; the ALERT copy group is any other. */
const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';
/** SendMessageBatch takes at most 10 entries. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html */
const SQS_BATCH = 10;
const SEND_ATTEMPTS = 5;

export interface IntakeSummary {
  readonly logGroup: string;
  readonly events: number;
  readonly queued: number;
  readonly ignored: Partial<Record<NotAnOffence, number>>;
}

/** Some offences could not be queued after every retry: the delivery fails and Lambda retries it. */
export class QueueSendError extends Error {
  constructor(failed: number, detail: string) {
    super(`${failed} offence(s) could not be queued: ${detail}`);
    this.name = 'QueueSendError';
  }
}

export function offencesOf(event: unknown, policy: OffencePolicy): { summary: Omit<IntakeSummary, 'queued'>; offences: Offence[] } {
  const batch = decodeSubscriptionEvent(event);
  const ignored: Partial<Record<NotAnOffence, number>> = {};
  const offences: Offence[] = [];
  if (batch.messageType === 'DATA_MESSAGE') {
    const waf = batch.logGroup.startsWith(WAF_LOG_GROUP_PREFIX);
    for (const e of batch.logEvents) {
      const c: Classified = waf ? classifyWafRecord(e.message, e.id, e.timestamp, policy.waf.countedRules) : classifyFirewallAlert(e.message, e.id, e.timestamp);
      if ('offence' in c) offences.push(c.offence);
      else ignored[c.ignored] = (ignored[c.ignored] ?? 0) + 1;
    }
  }
  return { summary: { logGroup: batch.logGroup, events: batch.logEvents.length, ignored }, offences };
}

type SqsSend = Pick<SQSClient, 'send'>;

export async function queueOffences(
  client: SqsSend,
  queueUrl: string,
  offences: readonly Offence[],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  for (let i = 0; i < offences.length; i += SQS_BATCH) {
    let pending: SendMessageBatchRequestEntry[] = offences.slice(i, i + SQS_BATCH).map((o, j) => ({ Id: String(j), MessageBody: JSON.stringify(o) }));
    let detail = '';
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > SEND_ATTEMPTS) throw new QueueSendError(pending.length, detail);
      if (attempt > 1) await sleep(Math.random() * 100 * 2 ** attempt);
      const out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      detail = (out.Failed ?? []).map((f) => `${f.Code}: ${f.Message}`).join('; ');
      pending = pending.filter((e) => failed.has(e.Id));
    }
  }
}
