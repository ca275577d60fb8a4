/**
 * A throwaway PostgreSQL 15 cluster for the reference application's tests: TLS with a CA and a
 * server certificate made here (CN and SAN `localhost`), password (SCRAM) authentication, and,
 * like `rds.force_ssl`, every connection without TLS refused. Started on a free port in a
 * temporary directory, stopped and deleted afterwards.
 *
 * PostgreSQL refuses to run as root: as root (CI), the cluster runs as the `postgres` user.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../support/moto-server';

const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface Postgres {
  readonly host: string;
  readonly port: number;
  /** The CA that signed the server certificate (PEM file). */
  readonly caPath: string;
  /** A CA that did not (PEM file): a client trusting only it must refuse the server. */
  readonly otherCaPath: string;
  readonly superuser: { readonly user: string; readonly password: string };
  /** A connected superuser client over verified TLS (caller ends it). */
  admin(): Promise<Client>;
  stop(): Promise<void>;
}

function osUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim()));
      return { name, uid, gid };
    } catch {
      // try the next
    }
  }
  throw new Error('running as root and neither a "postgres" nor a "nobody" user exists: PostgreSQL refuses to run as root');
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

function makeCertificates(dir: string): void {
  for (const ca of ['ca', 'other-ca']) {
    openssl(
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-days', '2', '-subj', `/CN=reference-app test ${ca}`,
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
      dir,
    );
  }
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext'], dir);
}

export async function startPostgres(): Promise<Postgres> {
  if (!existsSync(join(BIN, 'initdb'))) throw new Error(`PostgreSQL 15 server binaries (initdb, pg_ctl) not found in ${BIN}: install them (Debian/Ubuntu: apt-get install postgresql-15) or point POSTGRES_BIN at them. These tests never skip.`);
  const dir = mkdtempSync(join(tmpdir(), 'refapp-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  makeCertificates(dir);
  writeFileSync(join(dir, 'pwfile'), password + '\n');
  chmodSync(join(dir, 'server.key'), 0o600);

  const runAs = osUser();
  if (runAs) {
    for (const f of ['', 'server.key', 'server.crt', 'ca.pem', 'pwfile']) chownSync(join(dir, f), runAs.uid, runAs.gid);
  }
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = runAs ? ['runuser', ['-u', runAs.name, '--', join(BIN, tool), ...args]] : [join(BIN, tool), args];
    execFileSync(cmd, argv, { cwd: dir, stdio: 'pipe' });
  };

  run('initdb', ['-D', data, '-U', 'postgres', `--pwfile=${join(dir, 'pwfile')}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const conf = [
    `listen_addresses = 'localhost'`,
    `port = ${port}`,
    `unix_socket_directories = '${dir}'`,
    `ssl = on`,
    `ssl_cert_file = '${join(dir, 'server.crt')}'`,
    `ssl_key_file = '${join(dir, 'server.key')}'`,
    `ssl_min_protocol_version = 'TLSv1.2'`,
    `fsync = off`,
    `log_connections = on`,
  ];
  writeFileSync(join(data, 'postgresql.conf'), readFileSync(join(data, 'postgresql.conf'), 'utf8') + '\n' + conf.join('\n') + '\n');
  // As on RDS with rds.force_ssl = 1: TLS or nothing.
  writeFileSync(
    join(data, 'pg_hba.conf'),
    ['local all all scram-sha-256', 'hostssl all all 127.0.0.1/32 scram-sha-256', 'hostssl all all ::1/128 scram-sha-256', 'hostnossl all all all reject'].join('\n') + '\n',
  );
  run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);

  const host = 'localhost';
  const caPath = join(dir, 'ca.pem');
  const superuser = { user: 'postgres', password };
  let stopped = false;
  return {
    host,
    port,
    caPath,
    otherCaPath: join(dir, 'other-ca.pem'),
    superuser,
    async admin() {
      const client = new Client({ host, port, database: 'postgres', ...superuser, ssl: { ca: readFileSync(caPath, 'utf8'), rejectUnauthorized: true, servername: host } });
      await client.connect();
      return client;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Who runs the tests (for messages). */
export const testUser = () => userInfo().username;
