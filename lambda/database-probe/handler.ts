/**
 * Lambda entry point, invoked every minute by an EventBridge schedule: connects to the database
 * as the application does (the app's secret, verified TLS), runs `SELECT 1`, and publishes
 * `DatabaseReachable` (1/0) and `DatabaseProbeLatency` in Embedded Metric Format, logging why a
 * probe failed. Environment: see ENV in ../shared/contracts/database-probe.ts (read once here).
 * The handler never throws for a failed probe: a failure is a datapoint, not a retry.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DIMENSION, METRIC } from '../shared/contracts/database-probe';
import { InvocationContext, errorFields, eventLog, functionLogger, functionMetrics, startInvocation } from '../shared/observability';
import { createRuntime } from './aws';
import { metricValuesOf, runProbe } from './probe';

const logger = functionLogger('database-probe', { function: 'database-probe' });
const log = eventLog(logger);
const runtime = createRuntime(process.env);
// Exactly the alarm's dimension: the instance, no Powertools `service` dimension.
const metrics = functionMetrics(runtime.config.metricsNamespace, { [DIMENSION]: runtime.config.instanceIdentifier });

export async function handler(event: unknown, context?: InvocationContext): Promise<void> {
  startInvocation(logger, context, (event as { id?: string } | null)?.id);
  let measured = false;
  try {
    const outcome = await runProbe(runtime.deps);
    const values = metricValuesOf(outcome);
    if (values.reachable !== undefined) metrics.addMetric(METRIC.reachable, MetricUnit.Count, values.reachable);
    if (values.latencyMs !== undefined) metrics.addMetric(METRIC.latency, MetricUnit.Milliseconds, values.latencyMs);
    measured = values.reachable !== undefined;
    if (outcome.status === 'reachable') log('INFO', 'reachable', { ...outcome, instance: runtime.config.instanceIdentifier });
    else log(outcome.status === 'unknown' ? 'ERROR' : 'WARN', outcome.status, { ...outcome, instance: runtime.config.instanceIdentifier });
  } catch (error) {
    // A defect of the probe itself: no datapoint, so the alarm fires on the silence.
    log('ERROR', 'error', { error: errorFields(error) });
  } finally {
    if (measured) metrics.publishStoredMetrics();
  }
}
