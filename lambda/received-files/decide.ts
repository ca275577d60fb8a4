/** What happens to an uploaded object after its scan: the pure routing decision. */
import { SCAN_RESULT } from '../shared/contracts/received-files';
import { ScanResult } from './scan-result';

export type Decision =
  /** THREATS_FOUND: move the exact version to the quarantine bucket, then delete it here. */
  | { readonly action: 'quarantine' }
  /** NO_THREATS_FOUND: nothing to move; GuardDuty's tag alone makes the object readable by the app. */
  | { readonly action: 'release' }
  /**
   * UNSUPPORTED (encrypted archive, too large…), ACCESS_DENIED, FAILED: the object keeps no clean
   * tag, so it stays unreadable and expires with the upload bucket's lifecycle; the alarm topic
   * is told by the alert rule. Nothing to do here but log it.
   */
  | { readonly action: 'hold' }
  /** A result for another bucket or without the version a move needs: refuse to act on it. */
  | { readonly action: 'ignore'; readonly reason: string };

export function decide(result: ScanResult, uploadBucket: string): Decision {
  if (result.bucket !== uploadBucket) return { action: 'ignore', reason: `bucket "${result.bucket}" is not the upload bucket "${uploadBucket}"` };
  switch (result.status) {
    case SCAN_RESULT.clean:
      return { action: 'release' };
    case SCAN_RESULT.infected:
      // Without a version id the object we would copy may already be a newer (other) upload.
      return result.versionId ? { action: 'quarantine' } : { action: 'ignore', reason: 'no versionId: the infected version cannot be identified' };
    default:
      return { action: 'hold' };
  }
}
