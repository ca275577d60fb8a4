/**
 * The database pool: TLS with full verification against the RDS CA bundle and the endpoint's
 * host name, the credentials injected at task start.
 *
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
 * (rds.force_ssl; verify-full needs the CA bundle and the endpoint name)
 */
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { Logger, errorFields } from './log';
import { DatabaseSettings } from './settings';

export interface Database {
  /** One round trip: `SELECT 1` on a pooled (possibly new) TLS connection. */
  roundTrip(): Promise<{ readonly tls: boolean; readonly user: string }>;
  /** Holds a connection for `ms` (server-side sleep): a request that takes time, to show draining. */
  slowQuery(ms: number): Promise<void>;
  /** Closes every connection; waits for checked-out ones to be released. */
  close(): Promise<void>;
}

export function openDatabase(settings: DatabaseSettings, log: Logger): Database {
  const ca = readFileSync(settings.caBundlePath, 'utf8');
  const pool = new Pool({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    // verify-full: the chain must end at the bundle's CAs and the certificate must name the host.
    ssl: { ca, rejectUnauthorized: true, servername: settings.host },
    max: 10,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 5_000,
    maxLifetimeSeconds: settings.maxConnectionLifetimeSeconds,
    application_name: 'reference-app',
  });
  // An idle connection the server dropped (failover, restart) surfaces here; the pool replaces it
  // on the next checkout. Without a listener Node would crash the process.
  pool.on('error', (error) => log.warn('idle database connection lost', errorFields(error)));

  return {
    async roundTrip() {
      const result = await pool.query<{ tls: boolean; usr: string }>(
        'SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS tls, current_user AS usr',
      );
      return { tls: result.rows[0].tls, user: result.rows[0].usr };
    },
    async slowQuery(ms: number) {
      await pool.query('SELECT pg_sleep($1)', [ms / 1000]);
    },
    close: () => pool.end(),
  };
}
