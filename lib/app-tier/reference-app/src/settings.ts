/**
 * The reference application's settings, read once from the environment the stack injects
 * (`lib/app-tier/app-contract.ts`). Every problem is reported at once, naming the variable.
 */
import { DATABASE_ENV, FILES_ENV, HTTP_ENV } from '../../app-contract';

export interface DatabaseSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** PEM text of the certificate authorities the server's certificate must chain to. */
  readonly caBundlePath: string;
  /** Connections older than this are closed when released (new ones pick up DNS changes after a failover). */
  readonly maxConnectionLifetimeSeconds: number;
}

export interface UploadLimitSettings {
  /** The bucket's name, when given directly. */
  readonly bucket?: string;
  /** The SSM parameter holding the bucket's name (read when the first upload is signed). */
  readonly bucketParameter?: string;
  readonly maxUploadBytes: number;
  readonly allowedContentTypes: readonly string[];
  readonly expirySeconds: number;
}

export interface Settings {
  readonly port: number;
  readonly livenessPath: string;
  readonly readinessPath: string;
  readonly shutdownGraceSeconds: number;
  readonly database: DatabaseSettings;
  readonly uploads: UploadLimitSettings;
}

/** Optional: lifetime of a pooled connection. Not injected by the stack. */
export const CONNECTION_LIFETIME_ENV = 'DB_CONNECTION_MAX_LIFETIME_SECONDS';

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid settings: ${problems.join('; ')}`);
    this.name = 'SettingsError';
  }
}

export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): Settings {
  const problems: string[] = [];
  const text = (name: string, fallback?: string): string => {
    const value = env[name]?.trim() || fallback;
    if (value === undefined || value === '') {
      problems.push(`${name} is not set`);
      return '';
    }
    return value;
  };
  const whole = (name: string, min: number, max: number, fallback?: number): number => {
    const raw = env[name]?.trim();
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (value === undefined || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}: got ${JSON.stringify(env[name])}; expected a whole number from ${min} to ${max}`);
      return NaN;
    }
    return value;
  };
  const path = (name: string, fallback?: string): string => {
    const value = text(name, fallback);
    if (value !== '' && !value.startsWith('/')) problems.push(`${name}: got ${JSON.stringify(value)}; expected a path starting with "/"`);
    return value;
  };

  const bucket = env[FILES_ENV.bucket]?.trim() || undefined;
  const bucketParameter = env[FILES_ENV.bucketParameter]?.trim() || undefined;
  if (!bucket && !bucketParameter) problems.push(`neither ${FILES_ENV.bucket} nor ${FILES_ENV.bucketParameter} is set`);
  const allowedContentTypes = (env[FILES_ENV.allowedContentTypes] ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (allowedContentTypes.length === 0) problems.push(`${FILES_ENV.allowedContentTypes} is empty: no upload could ever be signed`);

  const settings: Settings = {
    port: whole(HTTP_ENV.port, 1024, 65535),
    livenessPath: path(HTTP_ENV.livenessPath),
    readinessPath: path(HTTP_ENV.readinessPath),
    shutdownGraceSeconds: whole(HTTP_ENV.shutdownGraceSeconds, 2, 120),
    database: {
      host: text(DATABASE_ENV.host),
      port: whole(DATABASE_ENV.port, 1, 65535),
      user: text(DATABASE_ENV.username),
      password: text(DATABASE_ENV.password),
      database: text(DATABASE_ENV.name),
      caBundlePath: path(DATABASE_ENV.caBundlePath),
      maxConnectionLifetimeSeconds: whole(CONNECTION_LIFETIME_ENV, 1, 86_400, 300),
    },
    uploads: {
      bucket,
      bucketParameter,
      maxUploadBytes: whole(FILES_ENV.maxUploadBytes, 1, 5 * 1024 ** 3),
      allowedContentTypes,
      expirySeconds: whole(FILES_ENV.expirySeconds, 60, 3600),
    },
  };
  if (settings.livenessPath !== '' && settings.livenessPath === settings.readinessPath) {
    problems.push(`${HTTP_ENV.livenessPath} and ${HTTP_ENV.readinessPath} are both "${settings.livenessPath}": liveness must not depend on the database`);
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}
