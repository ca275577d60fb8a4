/**
 * Lambda entry point: one EventBridge "Object Created" event of the log archive → the ALERT
 * object's lines in the alerts log group. Environment: see ENV in ../shared/contracts/alert-log-copy.ts (read once here; a
 * missing variable fails every invocation with its name).
 */
import { createRuntime } from './aws';
import { handleObjectCreated } from './copy';
import { errorFields, jsonLog } from './log';

const runtime = createRuntime(process.env);

export async function handler(event: unknown, context?: { awsRequestId?: string }): Promise<void> {
  const log = jsonLog({ function: 'alert-log-copy', requestId: context?.awsRequestId });
  try {
    await handleObjectCreated(event, runtime.deps(log));
  } catch (error) {
    log('ERROR', 'error', { eventId: (event as { id?: unknown } | null)?.id, error: errorFields(error) });
    throw error; // retried by Lambda, then kept in the dead-letter queue
  }
}
