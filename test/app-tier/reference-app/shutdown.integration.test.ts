/**
 * SIGTERM while requests are in flight (what ECS sends a task after the target group's
 * deregistration delay, on every deployment and daily recycle): the reference application
 * stops accepting, answers every in-flight request, closes its pool and exits 0 within the
 * grace period. The same scenario against an application that exits on SIGTERM at once drops
 * requests: the negative control that shows the checks would notice.
 */
import { Agent } from 'node:http';
import { ABRUPT_ENTRY, AppProcess, PRODUCTION_ENTRY, call, removeBundles, sleep, startAppProcess } from './app-process';
import { GRACE_SECONDS, contractEnv } from './contract-env';
import { Postgres, startPostgres } from './postgres';
import { Credentials, createAppUser } from './rotation';

jest.setTimeout(120_000);

const IN_FLIGHT = 8;
const HOLD_MS = 1500;

let pg: Postgres;
let credentials: Credentials;
const apps: AppProcess[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  const admin = await pg.admin();
  credentials = await createAppUser(admin, 'app_shutdown');
  await admin.end();
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await pg?.stop();
  removeBundles();
});

async function sigtermDuringRequests(entry: string) {
  const app = await startAppProcess(entry, contractEnv(pg, credentials));
  apps.push(app);
  // Keep-alive connections, as the load balancer holds them; some stay idle through the signal.
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT + 4 });
  await Promise.all(Array.from({ length: IN_FLIGHT + 4 }, () => call(app.port, '/api/db', { agent })));
  const inFlight = Array.from({ length: IN_FLIGHT }, () => call(app.port, `/api/slow?ms=${HOLD_MS}`, { agent }));
  await sleep(400); // every request has reached the database
  const signalledAt = Date.now();
  app.child.kill('SIGTERM');
  await sleep(100);
  const afterSignal = await call(app.port, '/api/db'); // a new connection, after the signal
  const answers = await Promise.all(inFlight);
  const exit = await app.exited;
  agent.destroy();
  return { app, answers, afterSignal, exit, exitAfterMs: exit.at - signalledAt };
}

test('graceful: every in-flight request answered, no new connection accepted, pool closed, exit 0 within the grace period', async () => {
  const run = await sigtermDuringRequests(PRODUCTION_ENTRY);
  expect(run.answers.map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(200));
  expect(run.afterSignal.error).toBe('ECONNREFUSED');
  expect(run.exit.code).toBe(0);
  expect(run.exitAfterMs).toBeLessThan(GRACE_SECONDS * 1000);
  const messages = run.app.logs.map((l) => l.msg);
  expect(messages).toEqual(expect.arrayContaining(['draining', 'stopped']));
  expect(run.app.logs.filter((l) => l.level === 'error')).toEqual([]);
});

test('abrupt exit on SIGTERM (the negative control): the same scenario drops the in-flight requests', async () => {
  const run = await sigtermDuringRequests(ABRUPT_ENTRY);
  const dropped = run.answers.filter((a) => a.status !== 200);
  expect(dropped.length).toBeGreaterThan(0);
  expect(dropped.every((a) => a.error !== undefined)).toBe(true);
});
