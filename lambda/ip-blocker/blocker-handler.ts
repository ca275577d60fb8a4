/**
 * Lambda entry point: one EventBridge "GuardDuty Finding" event → block its attackers' addresses.
 * Environment: see ENV in ../shared/contracts/ip-blocker.ts (read once here; a missing variable fails every invocation
 * with its name).
 */
import { handleFindingEvent } from './blocker';
import { errorFields } from './log';
import { createRuntime } from './runtime';

const runtime = createRuntime(process.env);

export async function handler(event: unknown, context?: { awsRequestId?: string }): Promise<void> {
  const deps = runtime.deps('blocker', context?.awsRequestId);
  try {
    await handleFindingEvent(event, deps);
  } catch (error) {
    deps.log.error('error', { stage: 'block', eventId: (event as { id?: unknown } | null)?.id, error: errorFields(error) });
    throw error; // retried by Lambda, then delivered to the dead-letter queue
  } finally {
    deps.metrics.flush();
  }
}
