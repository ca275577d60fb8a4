/**
 * The reference application against a real PostgreSQL 15 with TLS: readiness is a database
 * round trip over verified TLS (and liveness is not), and a credential rotation in the middle of
 * a request stream fails no request with alternating users, while the same stream through a
 * single-user rotation does fail (the negative control that shows the stream would notice).
 */
import { Client } from 'pg';
import { AppProcess, PRODUCTION_ENTRY, call, removeBundles, sleep, startAppProcess, Answer } from './app-process';
import { LIVENESS, READINESS, contractEnv } from './contract-env';
import { Postgres, startPostgres } from './postgres';
import { Credentials, RotationScheme, createAppUser, rotate } from './rotation';

jest.setTimeout(120_000);

let pg: Postgres;
let admin: Client;
const apps: AppProcess[] = [];
const start = async (credentials: Credentials, extra: Record<string, string> = {}) => {
  const app = await startAppProcess(PRODUCTION_ENTRY, contractEnv(pg, credentials, extra));
  apps.push(app);
  return app;
};

beforeAll(async () => {
  pg = await startPostgres();
  admin = await pg.admin();
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await admin?.end();
  await pg?.stop();
  removeBundles();
});

describe('readiness and liveness', () => {
  test('ready after a round trip over verified TLS; the server refuses connections without TLS', async () => {
    const app = await start(await createAppUser(admin, 'app_ready'));
    expect(await call(app.port, READINESS)).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(await call(app.port, LIVENESS)).toMatchObject({ status: 200 });
    const plain = new Client({ host: pg.host, port: pg.port, database: 'postgres', ...pg.superuser, ssl: false });
    await expect(plain.connect()).rejects.toThrow(/no encryption|pg_hba/);
  });

  test('a server whose certificate does not chain to the CA bundle: not ready, still live', async () => {
    const app = await start(await createAppUser(admin, 'app_wrong_ca'), { DB_CA_BUNDLE_PATH: pg.otherCaPath });
    expect(await call(app.port, READINESS)).toMatchObject({ status: 503 });
    expect(await call(app.port, LIVENESS)).toMatchObject({ status: 200 });
    expect(app.logs.some((l) => l.level === 'error' && /certificate/.test(String(l.error)))).toBe(true);
  });
});

/**
 * Four clients call /api/db in a loop; the pool replaces its connections every second (so new
 * connections are opened throughout, as over a day of traffic); halfway the credentials rotate.
 */
async function requestStreamThroughRotation(scheme: RotationScheme, user: string) {
  const original = await createAppUser(admin, user);
  const app = await start(original, { DB_CONNECTION_MAX_LIFETIME_SECONDS: '1' });
  const answers: Answer[] = [];
  let running = true;
  const clients = Array.from({ length: 4 }, async () => {
    while (running) {
      answers.push(await call(app.port, '/api/db'));
      await sleep(25);
    }
  });
  await sleep(1500);
  const rotated = await rotate(admin, original, scheme);
  const atRotation = answers.length;
  await sleep(3500); // more than three connection lifetimes after the rotation
  running = false;
  await Promise.all(clients);
  const failed = answers.filter((a) => a.status !== 200);
  return { original, rotated, app, total: answers.length, afterRotation: answers.length - atRotation, failed };
}

describe('credential rotation in the middle of a request stream', () => {
  test('alternating users (the stack’s rotation): zero failed requests, and a recycled task connects with the new credentials', async () => {
    const run = await requestStreamThroughRotation('alternating-users', 'app_alt');
    expect(run.afterRotation).toBeGreaterThan(50);
    expect(run.failed).toEqual([]);
    expect(run.rotated.username).toBe('app_alt_clone');
    // A task started after the rotation (the next daily recycle) gets the new current secret.
    const recycled = await start(run.rotated);
    expect(await call(recycled.port, READINESS)).toMatchObject({ status: 200 });
  });

  test('single-user rotation (the negative control): the same stream fails once the pool opens new connections', async () => {
    const run = await requestStreamThroughRotation('single-user', 'app_single');
    expect(run.failed.length).toBeGreaterThan(0);
    expect(run.failed.every((a) => a.status === 503)).toBe(true);
    expect(run.app.logs.some((l) => l.errorCode === '28P01')).toBe(true); // invalid_password
  });
});
