/**
 * One scan result, end to end: parse, decide, act, and write exactly one structured log line.
 * The environment is read by `loadConfig` (once, at module load); S3 comes in as a port.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { ENV } from '../shared/contracts/received-files';
import { Environment, readEnvironment } from '../shared/environment';
import { Level, eventLog } from '../shared/observability';
import { decide } from './decide';
import { ObjectStore, moveToQuarantine } from './quarantine';
import { parseScanResultEvent } from './scan-result';

export interface RouteConfig {
  readonly uploadBucket: string;
  readonly quarantineBucket: string;
  readonly uploadRetentionDays: number;
}

export { ConfigError } from '../shared/environment';

export function loadConfig(env: Environment): RouteConfig {
  return readEnvironment('received-files', env, (read) => {
    const uploadBucket = read.text(ENV.uploadBucket);
    const quarantineBucket = read.text(ENV.quarantineBucket);
    const days = Number(read.text(ENV.uploadRetentionDays));
    if (env[ENV.uploadRetentionDays] !== undefined && !(Number.isInteger(days) && days >= 1)) {
      read.problem(`${ENV.uploadRetentionDays}: got ${JSON.stringify(env[ENV.uploadRetentionDays])}; expected a whole number of days ≥ 1`);
    }
    if (uploadBucket !== '' && uploadBucket === quarantineBucket) read.problem(`${ENV.uploadBucket} and ${ENV.quarantineBucket} name the same bucket`);
    return { uploadBucket, quarantineBucket, uploadRetentionDays: days };
  });
}

/** Writes one structured line: `level` and `event` name it, the other fields describe it. */
export type LogWriter = (fields: Record<string, unknown> & { readonly level: Level; readonly event: string }) => void;

/** A LogWriter on a Powertools logger (one JSON line with the invocation's context). */
export function powertoolsLog(logger: Logger): LogWriter {
  const log = eventLog(logger);
  return ({ level, event, ...fields }) => log(level, event, fields);
}

export interface RouteDeps {
  readonly config: RouteConfig;
  readonly store: ObjectStore;
  readonly log: LogWriter;
  readonly requestId?: string;
}

/**
 * Invalid events and S3 errors throw: Lambda retries, then the event is in the dead-letter
 * queue, which is alarmed. Everything else ends in one log line named for what happened.
 */
export async function handleScanResult(event: unknown, deps: RouteDeps): Promise<void> {
  const result = parseScanResultEvent(event);
  const line = {
    function: 'received-files',
    requestId: deps.requestId,
    scanEventId: result.eventId,
    bucket: result.bucket,
    key: result.key,
    versionId: result.versionId,
    scanStatus: result.status,
  };
  const decision = decide(result, deps.config.uploadBucket);
  switch (decision.action) {
    case 'release':
      deps.log({ level: 'INFO', event: 'released', ...line, note: 'tagged clean by GuardDuty: readable by the application role' });
      return;
    case 'hold':
      deps.log({
        level: 'WARN',
        event: 'not-scanned',
        ...line,
        note: `no clean tag: stays unreadable and expires within ${deps.config.uploadRetentionDays} days; the alarm topic was notified`,
      });
      return;
    case 'ignore':
      deps.log({ level: 'WARN', event: 'ignored', ...line, reason: decision.reason });
      return;
    case 'quarantine': {
      const { outcome, key } = await moveToQuarantine(result, deps.store, deps.config.quarantineBucket);
      const fields = { ...line, threats: result.threats, quarantineBucket: deps.config.quarantineBucket, quarantineKey: key };
      if (outcome === 'source-missing') deps.log({ level: 'WARN', event: 'source-missing', ...fields, note: 'the infected version is gone and was never quarantined' });
      else deps.log({ level: 'WARN', event: outcome === 'moved' ? 'quarantined' : 'already-quarantined', ...fields });
      return;
    }
  }
}
