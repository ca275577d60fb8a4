import * as fs from 'fs';
import * as cxapi from 'aws-cdk-lib/cx-api';

/**
 * The context the CDK CLI hands the app (`cdk.json`, `cdk.context.json`, `-c key=value`), read
 * the way `App` reads it, so the configuration can be validated before an `App` exists: an App
 * creates its output directory when constructed, and a rejected configuration must write nothing.
 */
export function readCliContext(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const inline = env[cxapi.CONTEXT_ENV] ? JSON.parse(env[cxapi.CONTEXT_ENV] as string) : {};
  const overflowFile = env[cxapi.CONTEXT_OVERFLOW_LOCATION_ENV];
  const overflow = overflowFile ? JSON.parse(fs.readFileSync(overflowFile, 'utf8')) : {};
  return { ...inline, ...overflow };
}
