/** Builds the running application from the contract's environment (shared by the image's entry point and the tests). */
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { openDatabase } from './database';
import { Logger } from './log';
import { RunningApp, startApp } from './server';
import { Settings, settingsFromEnv } from './settings';
import { uploadSigner } from './uploads';

/** Reads the settings (throws SettingsError naming every bad variable), opens the pool, listens. */
export async function startFromEnv(env: Readonly<Record<string, string | undefined>>, log: Logger): Promise<{ app: RunningApp; settings: Settings }> {
  const settings = settingsFromEnv(env);
  let ssm: SSMClient | undefined;
  const app = await startApp({
    settings,
    log,
    database: openDatabase(settings.database, log),
    uploads: uploadSigner(settings.uploads, new S3Client({}), () => (ssm ??= new SSMClient({}))),
  });
  return { app, settings };
}
