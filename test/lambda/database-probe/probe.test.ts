/**
 * The probe's pure core: attempts → outcome → metric values, the secret's parsing and cache, the
 * error classification and the environment. No network (the real engine: database-probe.integration.test.ts).
 */
import { ConfigError, loadConfig } from '../../../lambda/database-probe/config';
import { CachedCredentials, Credentials, SecretFormatError, parseSecret } from '../../../lambda/database-probe/credentials';
import { AttemptResult, classifyError, metricValuesOf, runProbe } from '../../../lambda/database-probe/probe';
import { ENV, PROBE_LIMITS } from '../../../lambda/shared/contracts/database-probe';

const SECRET = (password: string) => JSON.stringify({ host: 'db.example.internal', port: 5432, username: 'app', password, engine: 'postgres' });

/** A secret store whose value can change (a rotation) and that counts reads. */
function store(initial: string) {
  const s = { value: initial, reads: 0, fail: false };
  const read = async () => {
    s.reads++;
    if (s.fail) throw Object.assign(new Error('connect ETIMEDOUT secretsmanager'), { name: 'TimeoutError' });
    return s.value;
  };
  return { s, credentials: new CachedCredentials(read, 'postgres') };
}

/** A database that accepts one password, or is down. */
function database(state: { password: string; down?: boolean }) {
  const seen: string[] = [];
  const attempt = async (c: Credentials): Promise<AttemptResult> => {
    seen.push(c.password);
    if (state.down) return { ok: false, reason: 'refused', message: 'connect ECONNREFUSED 10.0.3.4:5432', code: 'ECONNREFUSED' };
    if (c.password !== state.password) return { ok: false, reason: 'authentication', message: 'password authentication failed for user "app"', code: '28P01' };
    return { ok: true, latencyMs: 42 };
  };
  return { seen, attempt };
}

const pauses: number[] = [];
const pause = async (ms: number) => void pauses.push(ms);
beforeEach(() => (pauses.length = 0));

describe('runProbe', () => {
  test('a database that answers: reachable with its latency, one attempt, one secret read', async () => {
    const { s, credentials } = store(SECRET('p1'));
    const db = database({ password: 'p1' });
    const outcome = await runProbe({ credentials, attempt: db.attempt, pause });
    expect(outcome).toEqual({ status: 'reachable', latencyMs: 42, attempts: 1, credentialsRefreshed: false });
    expect(metricValuesOf(outcome)).toEqual({ reachable: 1, latencyMs: 42 });
    // The next invocation uses the cache.
    await runProbe({ credentials, attempt: db.attempt, pause });
    expect(s.reads).toBe(1);
  });

  test('after a rotation the cached password fails once, the secret is read again and the probe stays reachable', async () => {
    const { s, credentials } = store(SECRET('p1'));
    const state = { password: 'p1' };
    const db = database(state);
    await runProbe({ credentials, attempt: db.attempt, pause });
    state.password = 'p2';
    s.value = SECRET('p2');
    const outcome = await runProbe({ credentials, attempt: db.attempt, pause });
    expect(outcome).toMatchObject({ status: 'reachable', attempts: 2, credentialsRefreshed: true });
    expect(db.seen).toEqual(['p1', 'p1', 'p2']);
    expect(s.reads).toBe(2);
    expect(pauses).toEqual([]);
  });

  test('credentials that stay wrong after the refetch: unreachable, reason authentication', async () => {
    const { credentials } = store(SECRET('stale'));
    const outcome = await runProbe({ credentials, attempt: database({ password: 'p2' }).attempt, pause });
    expect(outcome).toMatchObject({ status: 'unreachable', reason: 'authentication', code: '28P01', attempts: 2, credentialsRefreshed: true });
    expect(metricValuesOf(outcome)).toEqual({ reachable: 0 });
  });

  test('a database that is down: two attempts with a pause between, then 0 with the reason', async () => {
    const { s, credentials } = store(SECRET('p1'));
    const db = database({ password: 'p1', down: true });
    const outcome = await runProbe({ credentials, attempt: db.attempt, pause });
    expect(outcome).toMatchObject({ status: 'unreachable', reason: 'refused', code: 'ECONNREFUSED', attempts: PROBE_LIMITS.attempts });
    expect(pauses).toEqual([PROBE_LIMITS.retryPauseMs]);
    expect(s.reads).toBe(1); // a refusal is not a reason to read the secret again
    expect(metricValuesOf(outcome)).toEqual({ reachable: 0 });
  });

  test('one transient failure followed by an answer is reachable (a single lost packet does not page)', async () => {
    const { credentials } = store(SECRET('p1'));
    let calls = 0;
    const attempt = async (): Promise<AttemptResult> => (++calls === 1 ? { ok: false, reason: 'timeout', message: 'timeout expired' } : { ok: true, latencyMs: 7 });
    expect(await runProbe({ credentials, attempt, pause })).toMatchObject({ status: 'reachable', attempts: 2 });
  });

  test('a secret that cannot be read or parsed: unknown, and nothing published (the alarm fires on the silence)', async () => {
    const unreadable = store(SECRET('p1'));
    unreadable.s.fail = true;
    const attempt = jest.fn();
    const outcome = await runProbe({ credentials: unreadable.credentials, attempt, pause });
    expect(outcome).toMatchObject({ status: 'unknown', reason: 'secret-unavailable' });
    expect(metricValuesOf(outcome)).toEqual({});
    const broken = store('{"host": "db"}');
    expect(await runProbe({ credentials: broken.credentials, attempt, pause })).toMatchObject({ status: 'unknown', reason: 'secret-invalid', message: expect.stringMatching(/"username" is missing/) });
    expect(attempt).not.toHaveBeenCalled();
  });
});

describe('parseSecret', () => {
  test('reads an RDS secret; the database defaults when the secret names none', () => {
    expect(parseSecret(SECRET('pw'), 'postgres')).toEqual({ host: 'db.example.internal', port: 5432, user: 'app', password: 'pw', database: 'postgres' });
    expect(parseSecret(JSON.stringify({ host: 'h', port: '5433', username: 'u', password: 'p', dbname: 'app' }), 'postgres')).toMatchObject({ port: 5433, database: 'app' });
  });

  test('names every bad field, never the password', () => {
    const error = (() => {
      try {
        parseSecret(JSON.stringify({ host: '', port: 70000, password: 'secret-value' }), 'postgres');
      } catch (e) {
        return e as SecretFormatError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SecretFormatError);
    expect(error!.problems).toEqual(['"host" is not a non-empty string', '"username" is missing', '"port" is 70000; expected a whole number from 1 to 65535']);
    expect(error!.message).not.toContain('secret-value');
    expect(() => parseSecret('not json', 'postgres')).toThrow(/not JSON/);
    expect(() => parseSecret(undefined, 'postgres')).toThrow(/not JSON/);
  });
});

describe('classifyError', () => {
  test.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, 'refused'],
    [new Error('timeout expired'), 'timeout'],
    [new Error('Connection terminated due to connection timeout'), 'timeout'],
    [new Error('Query read timeout'), 'timeout'],
    [{ code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' }, 'tls'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" }, 'tls'],
    [{ code: '28P01', message: 'password authentication failed for user "app"' }, 'authentication'],
    [{ code: '28000', message: 'no pg_hba.conf entry' }, 'authentication'],
    [{ code: '57P03', message: 'the database system is starting up' }, 'not-accepting'],
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND db' }, 'dns'],
    [new Error('something else'), 'error'],
  ])('%p → %s', (error, reason) => {
    expect(classifyError(error).reason).toBe(reason);
  });
});

describe('loadConfig', () => {
  const valid = {
    [ENV.secretArn]: 'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:app-db-AbCdEf',
    [ENV.databaseName]: 'postgres',
    [ENV.instanceIdentifier]: 'hardened-primary',
    [ENV.caBundlePath]: '/var/runtime/ca-cert.pem',
  };
  test('a complete environment; the namespace has a default', () => {
    expect(loadConfig(valid)).toMatchObject({ instanceIdentifier: 'hardened-primary', metricsNamespace: 'HardenedStack/DatabaseProbe' });
  });
  test('every problem at once, with the variable and the value', () => {
    const problems = (() => {
      try {
        loadConfig({ ...valid, [ENV.secretArn]: 'app-db', [ENV.caBundlePath]: 'ca.pem', [ENV.instanceIdentifier]: undefined });
      } catch (e) {
        return (e as ConfigError).problems;
      }
      return undefined;
    })();
    expect(problems).toEqual([
      'DATABASE_INSTANCE is not set',
      'DATABASE_SECRET_ARN: got "app-db"; expected a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)',
      'CA_BUNDLE_PATH: got "ca.pem"; expected an absolute path to a PEM file',
    ]);
  });
});
