/**
 * Entry point of the reference application image: read the contract's settings, open the pool,
 * serve, and on SIGTERM (ECS stopping the task) drain and exit within the grace period.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { openDatabase } from './database';
import { errorFields, jsonLogger } from './log';
import { startApp } from './server';
import { settingsFromEnv } from './settings';
import { uploadSigner } from './uploads';

async function main(): Promise<void> {
  const log = jsonLogger();
  let settings;
  try {
    settings = settingsFromEnv(process.env);
  } catch (error) {
    log.error('cannot start', errorFields(error));
    process.exit(1);
  }
  let ssm: SSMClient | undefined;
  const app = await startApp({
    settings,
    log,
    database: openDatabase(settings.database, log),
    uploads: uploadSigner(settings.uploads, new S3Client({}), () => (ssm ??= new SSMClient({}))),
  });
  const stop = (signal: NodeJS.Signals) => {
    // Backstop: never outlive the grace period (ECS would SIGKILL anyway).
    setTimeout(() => process.exit(1), settings.shutdownGraceSeconds * 1000).unref();
    app.shutdown(signal).then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
