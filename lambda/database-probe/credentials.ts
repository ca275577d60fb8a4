/**
 * The application user's database secret: parsed and checked (every problem named at once), and
 * cached for the life of the execution environment. The cache is refreshed only when the server
 * rejects the credentials: after a rotation the probe reads the new password once instead of
 * paging (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html
 * recommends caching; rotation: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html).
 */

/** What a connection needs from the secret. */
export interface Credentials {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** The secret is not the JSON the RDS secret attachment writes. No password is ever in the message. */
export class SecretFormatError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The database secret cannot be used: ${problems.join('; ')}`);
    this.name = 'SecretFormatError';
  }
}

/**
 * Reads `{"host", "port", "username", "password", "dbname"?}` (the fields of an RDS database
 * secret attached to its instance). `defaultDatabase` is used when the secret names none.
 */
export function parseSecret(secretString: string | undefined, defaultDatabase: string): Credentials {
  let value: unknown;
  try {
    value = JSON.parse(secretString ?? '');
  } catch {
    throw new SecretFormatError(['SecretString is not JSON (expected an object with host, port, username and password)']);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SecretFormatError(['SecretString is not a JSON object']);
  const s = value as Record<string, unknown>;
  const problems: string[] = [];
  const text = (field: string): string => {
    const v = s[field];
    if (typeof v === 'string' && v.trim() !== '') return v;
    problems.push(`"${field}" is ${v === undefined ? 'missing' : 'not a non-empty string'}`);
    return '';
  };
  const host = text('host');
  const user = text('username');
  const password = text('password');
  const port = typeof s.port === 'string' && /^\d+$/.test(s.port) ? Number(s.port) : s.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`"port" is ${JSON.stringify(s.port)}; expected a whole number from 1 to 65535`);
  }
  const database = typeof s.dbname === 'string' && s.dbname !== '' ? s.dbname : defaultDatabase;
  if (problems.length > 0) throw new SecretFormatError(problems);
  return { host, port: port as number, user, password, database };
}

/** Where the probe gets credentials: the cached ones, or freshly read ones. */
export interface CredentialSource {
  current(): Promise<Credentials>;
  refresh(): Promise<Credentials>;
}

/** Caches the parsed secret; `refresh` reads it again (after an authentication failure). */
export class CachedCredentials implements CredentialSource {
  private cached: Credentials | undefined;

  constructor(
    private readonly read: () => Promise<string | undefined>,
    private readonly defaultDatabase: string,
  ) {}

  public async current(): Promise<Credentials> {
    return this.cached ?? this.refresh();
  }

  public async refresh(): Promise<Credentials> {
    this.cached = undefined;
    const credentials = parseSecret(await this.read(), this.defaultDatabase);
    this.cached = credentials;
    return credentials;
  }
}
