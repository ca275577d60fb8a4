/**
 * Lambda entry point: one EventBridge "GuardDuty Finding" event → block its attackers' addresses.
 * Environment: see ENV in ../shared/contracts/ip-blocker.ts (read once here; a missing variable fails every invocation
 * with its name).
 */
import { InvocationContext, errorFields } from '../shared/observability';
import { handleFindingEvent } from './blocker';
import { createRuntime } from './runtime';

const runtime = createRuntime(process.env, 'blocker');

export async function handler(event: unknown, context?: InvocationContext): Promise<void> {
  const deps = runtime.deps(context, event);
  try {
    await handleFindingEvent(event, deps);
  } catch (error) {
    deps.log.error('error', { stage: 'block', eventId: (event as { id?: unknown } | null)?.id, error: errorFields(error) });
    throw error; // retried by Lambda, then delivered to the dead-letter queue
  } finally {
    deps.metrics.flush();
  }
}
