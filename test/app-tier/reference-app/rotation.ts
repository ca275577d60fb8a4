/**
 * What Secrets Manager's PostgreSQL rotation functions do to the database and the secret, for
 * the tests (the real functions run in Lambda). The "secret" is the current credentials.
 *
 * Alternating users (SecretsManagerRDSPostgreSQLRotationMultiUser): the pending credentials are
 * the other user (`app` ↔ `app_clone`) with a new password; the first rotation creates the clone
 * with the original user's privileges (as the master user), later ones only change its
 * password; then the pending credentials become current. The password of the user that was
 * current is left alone.
 * Single user (…RotationSingleUser): a new password for the same user, set with ALTER ROLE.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-lambda-function-overview.html
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export type RotationScheme = 'alternating-users' | 'single-user';

const CLONE_SUFFIX = '_clone';
const newPassword = () => randomBytes(18).toString('base64url');

/** Creates the application user once, as the master (what the README's one-time step does). */
export async function createAppUser(admin: Client, username: string): Promise<Credentials> {
  const password = newPassword();
  await admin.query(`CREATE ROLE ${admin.escapeIdentifier(username)} LOGIN PASSWORD ${admin.escapeLiteral(password)}`);
  await admin.query(`GRANT CONNECT ON DATABASE postgres TO ${admin.escapeIdentifier(username)}`);
  return { username, password };
}

/** One rotation with `scheme`; returns the new current credentials. */
export async function rotate(admin: Client, current: Credentials, scheme: RotationScheme): Promise<Credentials> {
  const password = newPassword();
  if (scheme === 'single-user') {
    await admin.query(`ALTER ROLE ${admin.escapeIdentifier(current.username)} PASSWORD ${admin.escapeLiteral(password)}`);
    return { username: current.username, password };
  }
  const base = current.username.endsWith(CLONE_SUFFIX) ? current.username.slice(0, -CLONE_SUFFIX.length) : current.username;
  const pending = current.username === base ? base + CLONE_SUFFIX : base;
  const exists = (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [pending])).rowCount === 1;
  if (exists) {
    await admin.query(`ALTER ROLE ${admin.escapeIdentifier(pending)} PASSWORD ${admin.escapeLiteral(password)}`);
  } else {
    await admin.query(`CREATE ROLE ${admin.escapeIdentifier(pending)} LOGIN PASSWORD ${admin.escapeLiteral(password)}`);
    await admin.query(`GRANT ${admin.escapeIdentifier(current.username)} TO ${admin.escapeIdentifier(pending)}`);
  }
  return { username: pending, password };
}
