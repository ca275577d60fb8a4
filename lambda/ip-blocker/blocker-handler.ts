/**
 * Lambda entry point of the blocker. Two ways in:
 * - an SQS batch from the offence queue (through the offence pipe) (log offences from the intake, GuardDuty finding events):
 *   decided and written together, failures reported per message (ReportBatchItemFailures);
 * - one EventBridge "GuardDuty Finding" event, invoked directly by the findings rule.
 * Environment: see ENV in ../shared/contracts/ip-blocker.ts (read once here; a missing variable
 * fails every invocation with its name).
 */
import { InvocationContext, errorFields } from '../shared/observability';
import { handleFindingEvent } from './blocker';
import { BatchResponse, QueueRecord, handleQueueBatch } from './queue-batch';
import { createRuntime } from './runtime';

const runtime = createRuntime(process.env, 'blocker');

/**
 * SQS messages as an EventBridge pipe delivers them (a JSON array of messages) or as a Lambda
 * event source mapping does (`{ Records: [...] }`); each message has `messageId`, `body`, `eventSource`.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html
 */
function sqsRecords(event: unknown): QueueRecord[] | undefined {
  const records = Array.isArray(event) ? event : (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records) || records.length === 0) return undefined;
  if (!records.every((r) => r && r.eventSource === 'aws:sqs' && typeof r.messageId === 'string' && typeof r.body === 'string')) return undefined;
  return records as QueueRecord[];
}

export async function handler(event: unknown, context?: InvocationContext): Promise<BatchResponse | void> {
  const deps = runtime.deps(context, event);
  const records = sqsRecords(event);
  try {
    if (records) return await handleQueueBatch(records, deps);
    await handleFindingEvent(event, deps);
  } catch (error) {
    deps.log.error('error', { stage: 'block', eventId: (event as { id?: unknown } | null)?.id, error: errorFields(error) });
    throw error; // retried by Lambda (or the whole batch by SQS), then dead-lettered
  } finally {
    deps.metrics.flush();
  }
}
