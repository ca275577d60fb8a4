/**
 * Lambda entry point, on a schedule: sweep recent GuardDuty findings, then make the IP sets
 * match the table (expire, restore, remove strays). Environment: see ENV in ../shared/contracts/ip-blocker.ts.
 */
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { InvocationContext, errorFields } from '../shared/observability';
import { reconcile } from './reconciler';
import { createRuntime } from './runtime';
import { GuardDutyFindingSource } from './sweep';

const runtime = createRuntime(process.env, 'reconciler');
const findings = new GuardDutyFindingSource(new GuardDutyClient({}), runtime.config.detectorId);

export async function handler(_event: unknown, context?: InvocationContext): Promise<void> {
  const deps = runtime.deps(context);
  try {
    await reconcile(deps, findings);
  } catch (error) {
    deps.log.error('error', { stage: 'reconcile', error: errorFields(error) });
    throw error;
  } finally {
    deps.metrics.flush();
  }
}
