/**
 * Lambda entry point: one EventBridge "Object Created" event of the log archive → the ALERT
 * object's lines in the alerts log group. Environment: see ENV in ../shared/contracts/alert-log-copy.ts (read once here; a
 * missing variable fails every invocation with its name).
 */
import { InvocationContext, errorFields, eventLog, functionLogger, startInvocation, stringAt } from '../shared/observability';
import { createRuntime } from './aws';
import { handleObjectCreated } from './copy';

const logger = functionLogger('alert-log-copy', { function: 'alert-log-copy' });
const log = eventLog(logger);
const runtime = createRuntime(process.env);

export async function handler(event: unknown, context?: InvocationContext): Promise<void> {
  // The ALERT object's key is the correlation id (it also names the log stream the lines go to).
  startInvocation(logger, context, stringAt(event, ['detail', 'object', 'key']));
  try {
    await handleObjectCreated(event, runtime.deps(log));
  } catch (error) {
    log('ERROR', 'error', { eventId: (event as { id?: unknown } | null)?.id, error: errorFields(error) });
    throw error; // retried by Lambda, then kept in the dead-letter queue
  }
}
