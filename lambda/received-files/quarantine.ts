/** Moving an infected object version into the quarantine bucket, idempotently. */
import { QUARANTINE_PREFIX } from '../shared/contracts/received-files';
import { ScanResult } from './scan-result';

export interface ObjectVersion {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
}

/** The few S3 operations the move needs (the S3 adapter implements it; tests fake it). */
export interface ObjectStore {
  /** Whether `key` exists in `bucket` (a listing: the mover may write quarantine but not read it). */
  exists(bucket: string, key: string): Promise<boolean>;
  /** Server-side copy of one version; throws `NoSuchObjectVersion` when the version is gone. */
  copyVersion(source: ObjectVersion, target: { bucket: string; key: string }, metadata: Record<string, string>): Promise<void>;
  /** Permanently deletes one version (no error when it is already gone). */
  deleteVersion(source: ObjectVersion): Promise<void>;
}

export class NoSuchObjectVersion extends Error {
  constructor(source: ObjectVersion) {
    super(`s3://${source.bucket}/${source.key} version ${source.versionId} does not exist`);
    this.name = 'NoSuchObjectVersion';
  }
}

export type MoveOutcome =
  /** Copied and deleted now. */
  | 'moved'
  /** A redelivery: the copy was already there; the source version is deleted (again). */
  | 'already-quarantined'
  /** Neither the version nor its copy exists (deleted by someone or by the lifecycle): nothing to move. */
  | 'source-missing';

/** Where the version lands: deterministic, so a redelivered event finds its earlier copy. */
export function quarantineKey(source: ObjectVersion): string {
  return `${QUARANTINE_PREFIX}${source.bucket}/${source.versionId}/${source.key}`;
}

/** User metadata is limited to 2 KB in all: threat names are cut to fit. */
function metadataFor(result: ScanResult): Record<string, string> {
  const threats = result.threats.join(', ');
  return {
    'scan-status': result.status,
    threats: threats.length > 1024 ? `${threats.slice(0, 1021)}...` : threats,
    'source-bucket': result.bucket,
    'source-version-id': result.versionId ?? '',
    'scan-event-id': result.eventId,
  };
}

/**
 * Copy the exact infected version to the quarantine bucket (unless a copy is already there),
 * then delete that version from the upload bucket. Each step is safe to repeat, so a redelivered
 * or retried event converges on the same state: one copy in quarantine, no version left behind.
 */
export async function moveToQuarantine(result: ScanResult, store: ObjectStore, quarantineBucket: string): Promise<{ outcome: MoveOutcome; key: string }> {
  if (!result.versionId) throw new Error('moveToQuarantine needs the scanned version id');
  const source: ObjectVersion = { bucket: result.bucket, key: result.key, versionId: result.versionId };
  const key = quarantineKey(source);
  let outcome: MoveOutcome = 'moved';
  if (await store.exists(quarantineBucket, key)) {
    outcome = 'already-quarantined';
  } else {
    try {
      await store.copyVersion(source, { bucket: quarantineBucket, key }, metadataFor(result));
    } catch (error) {
      if (!(error instanceof NoSuchObjectVersion)) throw error;
      return { outcome: 'source-missing', key };
    }
  }
  await store.deleteVersion(source);
  return { outcome, key };
}
