/**
 * The database probe against a real PostgreSQL 15 (TLS with a CA and server certificate made by
 * openssl for this run, TLS-only like rds.force_ssl, SCRAM passwords) and a real Secrets Manager
 * API (moto): the connection core, then the handler end to end — the secret read through the
 * SDK, the EMF line it prints, a credential rotation it rides out, and a stopped server.
 */
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { Client } from 'pg';
import { selectOne } from '../../../lambda/database-probe/connect';
import { CachedCredentials, Credentials } from '../../../lambda/database-probe/credentials';
import { metricValuesOf, runProbe } from '../../../lambda/database-probe/probe';
import { ENV } from '../../../lambda/shared/contracts/database-probe';
import { Postgres, startPostgres } from '../../app-tier/reference-app/postgres';
import { createAppUser, rotate } from '../../app-tier/reference-app/rotation';
import { REGION, captureStdout, useEnv, useMotoServer } from '../../support/aws-fixture';

jest.setTimeout(120_000);

type Handler = (event: unknown, context?: { awsRequestId?: string }) => Promise<void>;

const moto = useMotoServer();
let pg: Postgres;
let admin: Client;
let ca: string;

beforeAll(async () => {
  pg = await startPostgres();
  admin = await pg.admin();
  ca = readFileSync(pg.caPath, 'utf8');
});

afterAll(async () => {
  await admin?.end();
  await pg?.stop();
});

const credentialsOf = (user: { username: string; password: string }): Credentials => ({ host: pg.host, port: pg.port, user: user.username, password: user.password, database: 'postgres' });

describe('selectOne: one verified-TLS connection and SELECT 1', () => {
  test('the right CA: answered, with a latency', async () => {
    const result = await selectOne(credentialsOf(await createAppUser(admin, 'probe_ok')), { ca });
    expect(result).toMatchObject({ ok: true });
    expect((result as { latencyMs: number }).latencyMs).toBeGreaterThanOrEqual(0);
  });

  test('a CA that did not sign the server certificate: refused before any password is sent (tls)', async () => {
    const result = await selectOne(credentialsOf(await createAppUser(admin, 'probe_wrong_ca')), { ca: readFileSync(pg.otherCaPath, 'utf8') });
    expect(result).toMatchObject({ ok: false, reason: 'tls' });
    expect((result as { message: string }).message).toMatch(/certificate/);
  });

  test('a certificate that does not name the host (verify-full, not verify-ca): tls', async () => {
    // "127.1" reaches the same server (getaddrinfo reads it as 127.0.0.1), but it is a name the
    // certificate (localhost, 127.0.0.1) does not carry.
    const user = await createAppUser(admin, 'probe_wrong_name');
    expect(await selectOne({ ...credentialsOf(user), host: '127.1' }, { ca })).toMatchObject({ ok: false, reason: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  test('through the core: a server the CA bundle does not vouch for is DatabaseReachable 0, reason tls, after two attempts', async () => {
    const user = await createAppUser(admin, 'probe_core_wrong_ca');
    const otherCa = readFileSync(pg.otherCaPath, 'utf8');
    const secret = JSON.stringify({ host: pg.host, port: pg.port, username: user.username, password: user.password });
    const outcome = await runProbe({
      credentials: new CachedCredentials(async () => secret, 'postgres'),
      attempt: (c) => selectOne(c, { ca: otherCa }),
      pause: async () => undefined,
    });
    expect(outcome).toMatchObject({ status: 'unreachable', reason: 'tls', attempts: 2, credentialsRefreshed: false });
    expect(metricValuesOf(outcome)).toEqual({ reachable: 0 });
  });

  test('a wrong password: authentication (28P01)', async () => {
    const user = await createAppUser(admin, 'probe_bad_password');
    expect(await selectOne(credentialsOf({ ...user, password: 'not-the-password' }), { ca })).toMatchObject({ ok: false, reason: 'authentication', code: '28P01' });
  });

  test('a server that accepts TCP but never answers: timeout within the connect limit, not a hung invocation', async () => {
    const silent = createServer(() => undefined); // holds every socket open, says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const started = Date.now();
    try {
      const result = await selectOne({ host: '127.0.0.1', port: (silent.address() as AddressInfo).port, user: 'u', password: 'p', database: 'postgres' }, { ca, connectTimeoutMs: 500 });
      expect(result).toMatchObject({ ok: false, reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      silent.close();
    }
  });
});

describe('the handler: secret from Secrets Manager, EMF out', () => {
  let secrets: SecretsManagerClient;
  let secretArn: string;
  let handler: Handler;
  let user: { username: string; password: string };

  const secretValue = (u: { username: string; password: string }) => JSON.stringify({ engine: 'postgres', host: pg.host, port: pg.port, username: u.username, password: u.password });

  /** Runs one invocation and returns its EMF line (if any) and its log line. */
  async function invoke(id: string) {
    const out = captureStdout();
    try {
      await handler({ id }, { awsRequestId: id });
    } finally {
      out.restore();
    }
    const lines = out.lines();
    return { emf: lines.find((l) => l._aws), log: lines.find((l) => l.event !== undefined && l._aws === undefined) };
  }

  beforeAll(async () => {
    secrets = new SecretsManagerClient({ endpoint: moto().endpoint, region: REGION });
    user = await createAppUser(admin, 'app_probe');
    secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'hardened/app-database', SecretString: secretValue(user) }))).ARN!;
    useEnv({
      AWS_ENDPOINT_URL: moto().endpoint,
      [ENV.secretArn]: secretArn,
      [ENV.databaseName]: 'postgres',
      [ENV.instanceIdentifier]: 'hardened-primary',
      [ENV.caBundlePath]: pg.caPath,
      [ENV.metricsNamespace]: 'Test/DatabaseProbe',
    });
    jest.isolateModules(() => {
      handler = (require('../../../lambda/database-probe/handler') as { handler: Handler }).handler;
    });
  });

  afterAll(() => secrets?.destroy());

  test('reachable: DatabaseReachable 1 and a latency, under exactly the alarm’s dimension', async () => {
    const { emf, log } = await invoke('probe-1');
    expect(emf).toMatchObject({ DatabaseReachable: 1, DBInstanceIdentifier: 'hardened-primary' });
    expect(emf!.DatabaseProbeLatency).toBeGreaterThanOrEqual(0);
    expect(emf!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Test/DatabaseProbe', Dimensions: [['DBInstanceIdentifier']] });
    expect(log).toMatchObject({ event: 'reachable', attempts: 1, credentialsRefreshed: false });
  });

  test('a rotation that invalidates the cached password (single-user, the worst case: alternating users keep it valid): refused once, the secret read again, still 1', async () => {
    const rotated = await rotate(admin, user, 'single-user'); // the cached password stops working now
    await secrets.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: secretValue(rotated) }));
    const { emf, log } = await invoke('probe-2');
    expect(emf).toMatchObject({ DatabaseReachable: 1 });
    expect(log).toMatchObject({ event: 'reachable', attempts: 2, credentialsRefreshed: true });
  });

  test('the server stopped: DatabaseReachable 0, no latency, the reason logged', async () => {
    await admin.end();
    await pg.stop();
    const { emf, log } = await invoke('probe-3');
    expect(emf).toMatchObject({ DatabaseReachable: 0 });
    expect(emf!.DatabaseProbeLatency).toBeUndefined();
    expect(log).toMatchObject({ event: 'unreachable', reason: 'refused', code: 'ECONNREFUSED', attempts: 2, level: 'WARN' });
  });
});
