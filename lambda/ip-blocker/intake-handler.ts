/**
 * Lambda entry point of the intake, the destination of the subscription filters on the firewall
 * ALERT copy and WAF log groups: offences in the delivery → the offence queue.
 * Environment: OFFENCE_QUEUE_URL (required) and OFFENCE_POLICY (optional), read once at load (loadIntakeConfig).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SQSClient } from '@aws-sdk/client-sqs';
import { METRIC } from '../shared/contracts/ip-blocker';
import { InvocationContext, errorFields, eventLog, functionLogger, functionMetrics, startInvocation } from '../shared/observability';
import { loadIntakeConfig } from './config';
import { offencesOf, queueOffences } from './intake';
import { MalformedDeliveryError } from './log-subscription';

const logger = functionLogger('ip-blocker', { function: 'ip-blocker-intake' });
const log = eventLog(logger);
const { queueUrl, offencePolicy: policy, metricsNamespace } = loadIntakeConfig(process.env);
const sqs = new SQSClient({});
// Offences queued per delivery, under the blocker's namespace with `Function: intake` only.
const metrics = functionMetrics(metricsNamespace, { Function: 'intake' });

export async function handler(event: unknown, context?: InvocationContext): Promise<void> {
  startInvocation(logger, context, undefined);
  let read;
  try {
    read = offencesOf(event, policy);
  } catch (error) {
    if (!(error instanceof MalformedDeliveryError)) throw error;
    log('WARN', 'invalid-event', { reason: 'malformed-event', detail: error.message });
    return;
  }
  try {
    await queueOffences(sqs, queueUrl, read.offences);
    log('INFO', 'intake', { ...read.summary, queued: read.offences.length });
    metrics.addMetric(METRIC.offencesQueued, MetricUnit.Count, read.offences.length);
    metrics.publishStoredMetrics();
  } catch (error) {
    log('ERROR', 'error', { stage: 'intake', logGroup: read.summary.logGroup, error: errorFields(error) });
    throw error; // Lambda retries the delivery, then sends it to the dead-letter queue
  }
}
