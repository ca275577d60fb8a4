/**
 * Lambda entry point: one EventBridge "GuardDuty Malware Protection Object Scan Result" → infected
 * versions moved to the quarantine bucket, every result logged as one JSON line.
 * Environment: see ENV in ../shared/contracts/received-files.ts (read once here; a missing variable fails with its name).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { handleScanResult, loadConfig, stdoutLog } from './route';
import { S3ObjectStore } from './s3-store';

const config = loadConfig(process.env);
const store = new S3ObjectStore(new S3Client({}));

export async function handler(event: unknown, context?: { awsRequestId?: string }): Promise<void> {
  try {
    await handleScanResult(event, { config, store, log: stdoutLog, requestId: context?.awsRequestId });
  } catch (error) {
    stdoutLog({
      level: 'ERROR',
      event: 'error',
      function: 'received-files',
      requestId: context?.awsRequestId,
      scanEventId: (event as { id?: unknown } | null)?.id,
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    });
    throw error; // retried by Lambda, then delivered to the dead-letter queue (alarmed)
  }
}
