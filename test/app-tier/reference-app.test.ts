// The reference application's pieces that need no database: its settings (bad input names the
// variable), its image (the Dockerfile agrees with the task definition and the contract, the
// bundle is the same bytes every time, so the asset hash is stable) and its log lines.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RDS_CA_BUNDLE_PATH } from '../../lib/app-tier/app-contract';
import { REFERENCE_APP, bundleReferenceApp } from '../../lib/app-tier/reference-app/image';
import { jsonLogger } from '../../lib/app-tier/reference-app/src/log';
import { SettingsError, settingsFromEnv } from '../../lib/app-tier/reference-app/src/settings';

const VALID = {
  PORT: '8080',
  HEALTH_LIVENESS_PATH: '/livez',
  HEALTH_READINESS_PATH: '/',
  SHUTDOWN_GRACE_SECONDS: '30',
  DB_HOST: 'db.example.internal',
  DB_PORT: '15432',
  DB_USERNAME: 'app',
  DB_PASSWORD: 'p',
  DB_NAME: 'postgres',
  DB_CA_BUNDLE_PATH: RDS_CA_BUNDLE_PATH,
  FILES_UPLOAD_BUCKET_PARAMETER: '/hardened/files/upload-bucket-name',
  FILES_MAX_UPLOAD_BYTES: '104857600',
  FILES_ALLOWED_CONTENT_TYPES: 'application/pdf,image/png',
  FILES_UPLOAD_URL_EXPIRY_SECONDS: '300',
};

describe('settings', () => {
  test('reads the contract', () => {
    const s = settingsFromEnv(VALID);
    expect(s).toMatchObject({ port: 8080, readinessPath: '/', livenessPath: '/livez', shutdownGraceSeconds: 30 });
    expect(s.database).toMatchObject({ host: 'db.example.internal', port: 15432, user: 'app', database: 'postgres', maxConnectionLifetimeSeconds: 300 });
    expect(s.uploads).toMatchObject({ bucket: undefined, bucketParameter: VALID.FILES_UPLOAD_BUCKET_PARAMETER, allowedContentTypes: ['application/pdf', 'image/png'] });
  });

  test('reports every bad variable at once, by name and value', () => {
    const env = { ...VALID, PORT: '80', DB_PASSWORD: '', FILES_UPLOAD_BUCKET_PARAMETER: '', HEALTH_LIVENESS_PATH: '/' };
    let error: unknown;
    try {
      settingsFromEnv(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems.join('\n');
    expect(problems).toMatch(/PORT: got "80"; expected a whole number from 1024 to 65535/);
    expect(problems).toMatch(/DB_PASSWORD is not set/);
    expect(problems).toMatch(/neither FILES_UPLOAD_BUCKET nor FILES_UPLOAD_BUCKET_PARAMETER is set/);
    expect(problems).toMatch(/liveness must not depend on the database/);
    expect((error as SettingsError).problems).toHaveLength(4);
  });
});

describe('image', () => {
  const dockerfile = readFileSync(join(__dirname, '../../lib/app-tier/reference-app/Dockerfile'), 'utf8');

  test('runs as the uid the task definition sets, and puts the RDS CA bundle where the contract says', () => {
    expect(/^USER (\S+)$/m.exec(dockerfile)?.[1]).toBe(REFERENCE_APP.user);
    expect(dockerfile).toMatch(new RegExp(`^ADD .*https://truststore\\.pki\\.rds\\.amazonaws\\.com/global/global-bundle\\.pem ${RDS_CA_BUNDLE_PATH}$`, 'm'));
    expect(REFERENCE_APP.user).not.toBe('0');
  });

  test('the bundle is the same bytes on every build (a stable asset hash), with no absolute path of this checkout', () => {
    const a = bundleReferenceApp();
    const b = bundleReferenceApp();
    try {
      const first = readFileSync(join(a, 'app.js'));
      expect(first.equals(readFileSync(join(b, 'app.js')))).toBe(true);
      expect(first.toString('utf8')).not.toContain(join(__dirname, '../..'));
      expect(readFileSync(join(a, 'Dockerfile'), 'utf8')).toBe(dockerfile);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});

test('logs are one JSON object per line with time, level and msg', () => {
  const lines: string[] = [];
  jsonLogger((l) => lines.push(l)).info('request', { status: 200 });
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0])).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'info', msg: 'request', status: 200 });
});
