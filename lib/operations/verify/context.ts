import { CommandContext } from '../command';
import type { ScanPoll } from './reference-app';
import type { TlsProbeOptions } from './site-tls';

/**
 * What verify's checks read; `siteProbe` points the TLS probe (and the reference-app requests)
 * elsewhere (tests: a local server); `scanPoll` overrides the malware-scan wait (tests: seconds).
 */
export interface VerifyContext extends CommandContext {
  readonly siteProbe?: Partial<TlsProbeOptions>;
  readonly scanPoll?: Partial<ScanPoll>;
}
