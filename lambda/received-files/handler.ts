/**
 * Lambda entry point: one EventBridge "GuardDuty Malware Protection Object Scan Result" → infected
 * versions moved to the quarantine bucket, every result logged as one JSON line.
 * Environment: see ENV in ../shared/contracts/received-files.ts (read once here; a missing variable fails with its name).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { InvocationContext, errorFields, functionLogger, startInvocation, stringAt } from '../shared/observability';
import { handleScanResult, loadConfig, powertoolsLog } from './route';
import { S3ObjectStore } from './s3-store';

const logger = functionLogger('received-files');
const log = powertoolsLog(logger);
const config = loadConfig(process.env);
const store = new S3ObjectStore(new S3Client({}));

export async function handler(event: unknown, context?: InvocationContext): Promise<void> {
  // The scanned object's key is the correlation id.
  startInvocation(logger, context, stringAt(event, ['detail', 's3ObjectDetails', 'objectKey']));
  try {
    await handleScanResult(event, { config, store, log, requestId: context?.awsRequestId });
  } catch (error) {
    log({
      level: 'ERROR',
      event: 'error',
      function: 'received-files',
      requestId: context?.awsRequestId,
      scanEventId: (event as { id?: unknown } | null)?.id,
      error: errorFields(error),
    });
    throw error; // retried by Lambda, then delivered to the dead-letter queue (alarmed)
  }
}
