import { CommandContext } from '../command';
import type { TlsProbeOptions } from './site-tls';

/** What verify's checks read; `siteProbe` points the TLS probe elsewhere (tests: a local server). */
export interface VerifyContext extends CommandContext {
  readonly siteProbe?: Partial<TlsProbeOptions>;
}
