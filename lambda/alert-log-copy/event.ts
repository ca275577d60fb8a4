/**
 * The invocation: an EventBridge "Object Created" event of Amazon S3 for one ALERT object of the
 * log archive. (EventBridge, not an S3 bucket notification: the archive bucket lives in the audit
 * stack and cannot name a function of the network stack; see FirewallAlertCopy.)
 */
import { CopyConfig } from './config';

export interface ObjectRef {
  readonly bucket: string;
  /** As EventBridge delivers it: not URL-encoded (unlike S3 bucket notifications). */
  readonly key: string;
}

/** Not an Object Created event for an ALERT object of the archive: retrying cannot change that. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The archive object an event names, if it is one this function copies. */
export function parseObjectCreated(event: unknown, config: Pick<CopyConfig, 'archiveBucket' | 'alertKeyPrefix'>): ObjectRef {
  if (!isObject(event) || event.source !== 'aws.s3' || event['detail-type'] !== 'Object Created') {
    const e = isObject(event) ? event : {};
    throw new InvalidEventError(`not an S3 Object Created event (source ${JSON.stringify(e.source)}, detail-type ${JSON.stringify(e['detail-type'])})`);
  }
  const detail = isObject(event.detail) ? event.detail : {};
  const bucket = isObject(detail.bucket) ? detail.bucket.name : undefined;
  const key = isObject(detail.object) ? detail.object.key : undefined;
  if (typeof bucket !== 'string' || typeof key !== 'string' || key === '') throw new InvalidEventError('the event names no bucket and object key');
  if (bucket !== config.archiveBucket) throw new InvalidEventError(`bucket ${JSON.stringify(bucket)} is not the log archive ${JSON.stringify(config.archiveBucket)}`);
  if (!key.startsWith(config.alertKeyPrefix)) throw new InvalidEventError(`key ${JSON.stringify(key)} is not under the ALERT prefix ${JSON.stringify(config.alertKeyPrefix)}`);
  return { bucket, key };
}
