import * as fs from 'fs';
import * as tls from 'tls';
import { DEFAULT_CONFIG } from '../../config/defaults';
import { Check, CheckResult, fail, pass, warn } from '../check';
import { VerifyContext } from './context';

const CHECK = 'site over TLS 1.3';

export interface TlsProbeOptions {
  /** Name the certificate must carry (SNI and hostname verification). */
  readonly servername: string;
  /** Address to connect to. @default servername */
  readonly host?: string;
  /** @default 443 */
  readonly port?: number;
  readonly path?: string;
  /** Extra trusted CAs (tests); the system's roots otherwise. */
  readonly ca?: string | Buffer;
  /** Client certificate and key (PEM) for mutual TLS (patterns 2–3). */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** @default 10000 */
  readonly timeoutMs?: number;
}

export interface TlsProbeResult {
  /** Negotiated protocol (`TLSv1.3`), undefined when no handshake completed. */
  readonly protocol?: string;
  /** HTTP status of `GET path`, undefined when none was read. */
  readonly status?: number;
  /** Why the probe stopped early. */
  readonly error?: string;
  /** The server asked for a client certificate (mutual TLS). */
  readonly clientCertificateRequested?: boolean;
}

/**
 * A real TLS connection that accepts nothing below TLS 1.3 and verifies the certificate against
 * the name (Node's defaults: system roots, hostname check), then one HTTP/1.1 GET. A server that
 * offers only TLS 1.2 fails the handshake (https://nodejs.org/api/tls.html#tlsconnectoptions-callback).
 */
export function probeTls(options: TlsProbeOptions): Promise<TlsProbeResult> {
  return new Promise((resolve) => {
    let protocol: string | undefined;
    let response = '';
    let settled = false;
    const done = (r: TlsProbeResult) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ protocol, ...r });
    };
    const socket = tls.connect({
      host: options.host ?? options.servername,
      port: options.port ?? 443,
      servername: options.servername,
      minVersion: 'TLSv1.3',
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      ALPNProtocols: ['http/1.1'],
    });
    socket.setTimeout(options.timeoutMs ?? 10_000, () => done({ error: `no answer within ${options.timeoutMs ?? 10_000} ms` }));
    socket.once('secureConnect', () => {
      protocol = socket.getProtocol() ?? undefined;
      socket.write(`GET ${options.path ?? '/'} HTTP/1.1\r\nHost: ${options.servername}\r\nUser-Agent: hardened-stack-verify\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      response += chunk.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(response);
      if (m) done({ status: Number(m[1]) });
    });
    socket.once('error', (e: Error & { code?: string }) => {
      // TLS 1.3: a server that requires a client certificate rejects it after the client's Finished.
      const certRequired = /CERTIFICATE_REQUIRED|alert number 116|certificate required/i.test(`${e.code} ${e.message}`);
      done({ error: `${e.code ?? e.name}: ${e.message}`, clientCertificateRequested: certRequired || undefined });
    });
    socket.once('end', () => done({ error: response ? 'the connection closed before a status line' : 'the server closed the connection without answering' }));
  });
}

export function evaluateSiteProbe(r: TlsProbeResult, site: string, authPattern: number, hasClientCert: boolean): CheckResult {
  if (!r.protocol) {
    return fail(CHECK, `${site}: no TLS 1.3 handshake (${r.error ?? 'unknown'})`, 'Check DNS points the name at the load balancer, the certificate covers it, and the listener\'s TLS policy offers TLS 1.3 (edge.sslPolicy).');
  }
  if (r.protocol !== 'TLSv1.3') return fail(CHECK, `${site}: negotiated ${r.protocol}`, 'Use a TLS 1.3 policy on the listener (edge.sslPolicy).');
  if (r.status === undefined) {
    if (authPattern >= 2 && !hasClientCert) {
      return warn(CHECK, `${site}: TLS 1.3, certificate valid; the server requires a client certificate (${r.error ?? 'no answer'})`, 'Pass --client-cert and --client-key (a certificate the trust store accepts) to check the answer too.');
    }
    return fail(CHECK, `${site}: TLS 1.3 but no HTTP answer (${r.error ?? 'unknown'})`, 'Check the listener, WAF and targets (alb-* alarms).');
  }
  if (r.status >= 500) return fail(CHECK, `${site}: TLS 1.3, HTTP ${r.status}`, 'The load balancer has no healthy target or the app fails: see the service and alb alarms.');
  if (r.status === 403 && authPattern === 3) {
    return warn(CHECK, `${site}: TLS 1.3, HTTP 403 (this address is not on edge.siteAllowlist)`, 'Run verify from an allowlisted address to check the answer.');
  }
  return pass(CHECK, `${site}: TLS 1.3, HTTP ${r.status}`);
}

export const siteTlsCheck: Check<VerifyContext> = {
  name: CHECK,
  async run({ config, args, siteProbe }) {
    const site = config.edge.certificate.domainName;
    if (!site || site === DEFAULT_CONFIG.edge.certificate.domainName) {
      return [fail(CHECK, `no site name (edge.certificate.domainName is ${site ?? 'unset'})`, 'Set edge.certificate.domainName to the site\'s name.')];
    }
    const cert = args.clientCertFile ? fs.readFileSync(args.clientCertFile) : undefined;
    const key = args.clientKeyFile ? fs.readFileSync(args.clientKeyFile) : undefined;
    const r = await probeTls({ servername: site, path: config.app.healthCheckPath, cert, key, ...siteProbe });
    return [evaluateSiteProbe(r, `https://${site}${config.app.healthCheckPath}`, config.edge.authPattern, !!cert)];
  },
};
