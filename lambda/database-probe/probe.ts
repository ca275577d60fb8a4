/**
 * The pure core of the database probe: attempts → outcome → metric values. No I/O: the
 * connection attempt, the credentials and the pause are given.
 *
 * One invocation makes at most two attempts. The second comes with refetched credentials when the
 * server rejected the first ones (a rotation happened since they were cached), or after a short
 * pause for any other failure, so a single dropped packet or a cold network interface does not
 * page; a database that is down fails both.
 */
import { PROBE_LIMITS } from '../shared/contracts/database-probe';
import { Credentials, CredentialSource } from './credentials';

/**
 * Why an attempt failed:
 * - refused: nothing listens (instance stopped, restarting, failing over);
 * - timeout: no answer in time (network path, security group, overloaded server);
 * - tls: the server's certificate does not chain to the CA bundle or does not name the host;
 * - authentication: the server rejected the user or password (after one refetch of the secret);
 * - not-accepting: the server answered but refuses sessions (starting up, shutting down, too many connections);
 * - dns: the endpoint's name does not resolve;
 * - error: anything else (the message says what).
 */
export type FailureReason = 'refused' | 'timeout' | 'tls' | 'authentication' | 'not-accepting' | 'dns' | 'error';

export type AttemptResult =
  | { readonly ok: true; readonly latencyMs: number }
  | { readonly ok: false; readonly reason: FailureReason; readonly message: string; readonly code?: string };

/** What one invocation found. `unknown`: the probe could not even try (no usable credentials). */
export type ProbeOutcome =
  | { readonly status: 'reachable'; readonly latencyMs: number; readonly attempts: number; readonly credentialsRefreshed: boolean }
  | {
      readonly status: 'unreachable';
      readonly reason: FailureReason;
      readonly message: string;
      readonly code?: string;
      readonly attempts: number;
      readonly credentialsRefreshed: boolean;
    }
  | { readonly status: 'unknown'; readonly reason: 'secret-unavailable' | 'secret-invalid'; readonly message: string };

export interface ProbeDeps {
  readonly credentials: CredentialSource;
  /** One connection: TLS, authentication, `SELECT 1`, close. Never throws. */
  readonly attempt: (credentials: Credentials) => Promise<AttemptResult>;
  readonly pause: (ms: number) => Promise<void>;
}

/** Runs the probe: up to PROBE_LIMITS.attempts attempts, refetching the secret after an authentication failure. */
export async function runProbe(deps: ProbeDeps): Promise<ProbeOutcome> {
  let credentials: Credentials;
  try {
    credentials = await deps.credentials.current();
  } catch (error) {
    return secretProblem(error);
  }
  let refreshed = false;
  let last: AttemptResult = { ok: false, reason: 'error', message: 'no attempt made' };
  for (let attempt = 1; attempt <= PROBE_LIMITS.attempts; attempt++) {
    if (attempt > 1) {
      if (!last.ok && last.reason === 'authentication' && !refreshed) {
        try {
          credentials = await deps.credentials.refresh();
          refreshed = true;
        } catch (error) {
          return secretProblem(error);
        }
      } else {
        await deps.pause(PROBE_LIMITS.retryPauseMs);
      }
    }
    last = await deps.attempt(credentials);
    if (last.ok) return { status: 'reachable', latencyMs: last.latencyMs, attempts: attempt, credentialsRefreshed: refreshed };
  }
  const failed = last as Extract<AttemptResult, { ok: false }>;
  return {
    status: 'unreachable',
    reason: failed.reason,
    message: failed.message,
    ...(failed.code !== undefined ? { code: failed.code } : {}),
    attempts: PROBE_LIMITS.attempts,
    credentialsRefreshed: refreshed,
  };
}

function secretProblem(error: unknown): ProbeOutcome {
  const invalid = error instanceof Error && error.name === 'SecretFormatError';
  return { status: 'unknown', reason: invalid ? 'secret-invalid' : 'secret-unavailable', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/** The values one invocation publishes. `unknown` publishes nothing: the alarm treats the gap as breaching. */
export interface ProbeMetrics {
  readonly reachable?: 0 | 1;
  readonly latencyMs?: number;
}

export function metricValuesOf(outcome: ProbeOutcome): ProbeMetrics {
  switch (outcome.status) {
    case 'reachable':
      return { reachable: 1, latencyMs: outcome.latencyMs };
    case 'unreachable':
      return { reachable: 0 };
    case 'unknown':
      return {};
  }
}

/** Node.js and OpenSSL codes of a certificate the client refused (verify-full). */
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * PostgreSQL SQLSTATEs: 28P01 invalid_password, 28000 invalid_authorization_specification
 * (pg_hba rejection, unknown user); 57P03 cannot_connect_now, 53300 too_many_connections,
 * 57P01 admin_shutdown. https://www.postgresql.org/docs/15/errcodes-appendix.html
 */
const AUTH_STATES = new Set(['28P01', '28000']);
const NOT_ACCEPTING_STATES = new Set(['57P03', '53300', '57P01', '57P02']);

/** Why a connection attempt failed, from the error `pg` or Node.js raised. */
export function classifyError(error: unknown): Extract<AttemptResult, { ok: false }> {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown; name?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(error);
  const withCode = (reason: FailureReason) => ({ ok: false as const, reason, message, ...(code !== undefined ? { code } : {}) });
  if (code !== undefined) {
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE') return withCode('refused');
    if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return withCode('timeout');
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return withCode('dns');
    if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) return withCode('tls');
    if (AUTH_STATES.has(code)) return withCode('authentication');
    if (NOT_ACCEPTING_STATES.has(code)) return withCode('not-accepting');
  }
  if (/timeout|timed out/i.test(message)) return withCode('timeout');
  if (/does not support SSL|certificate/i.test(message)) return withCode('tls');
  if (/Connection terminated unexpectedly/i.test(message)) return withCode('refused');
  return withCode('error');
}
