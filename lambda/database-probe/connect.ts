/**
 * The boundary to PostgreSQL: one fresh connection per attempt (a pooled one could hide a
 * database that stopped accepting new sessions), TLS verified like `sslmode=verify-full` (the
 * chain must end at the bundle's CAs, the certificate must name the host), `SELECT 1`, close.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
 * https://www.postgresql.org/docs/15/libpq-ssl.html (verify-full)
 */
import { Client } from 'pg';
import { PROBE_LIMITS } from '../shared/contracts/database-probe';
import { Credentials } from './credentials';
import { AttemptResult, classifyError } from './probe';

export interface ConnectOptions {
  /** PEM text of the certificate authorities the server's certificate must chain to. */
  readonly ca: string;
  /** @default PROBE_LIMITS.connectTimeoutMs */
  readonly connectTimeoutMs?: number;
  /** @default PROBE_LIMITS.queryTimeoutMs */
  readonly queryTimeoutMs?: number;
  /** Milliseconds since some fixed point (latency). @default performance.now */
  readonly now?: () => number;
}

/** One attempt: never throws; a failure comes back classified. */
export async function selectOne(credentials: Credentials, options: ConnectOptions): Promise<AttemptResult> {
  const now = options.now ?? (() => performance.now());
  const queryTimeoutMs = options.queryTimeoutMs ?? PROBE_LIMITS.queryTimeoutMs;
  const client = new Client({
    host: credentials.host,
    port: credentials.port,
    user: credentials.user,
    password: credentials.password,
    database: credentials.database,
    ssl: { ca: options.ca, rejectUnauthorized: true, servername: credentials.host },
    connectionTimeoutMillis: options.connectTimeoutMs ?? PROBE_LIMITS.connectTimeoutMs,
    query_timeout: queryTimeoutMs,
    statement_timeout: queryTimeoutMs,
    application_name: 'database-probe',
  });
  // A connection the server drops after the answer must not crash the function.
  client.on('error', () => undefined);
  const started = now();
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true, latencyMs: Math.round(now() - started) };
  } catch (error) {
    return classifyError(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
