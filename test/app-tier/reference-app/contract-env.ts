/** The environment the stack would inject (app-contract.ts), pointed at the test's PostgreSQL. */
import { DATABASE_ENV, DEFAULT_DATABASE_NAME, FILES_ENV, HTTP_ENV } from '../../../lib/app-tier/app-contract';
import { Postgres } from './postgres';
import { Credentials } from './rotation';

export const LIVENESS = '/livez';
export const READINESS = '/readyz';
export const GRACE_SECONDS = 10;

export function contractEnv(pg: Postgres, credentials: Credentials, extra: Record<string, string> = {}): Record<string, string> {
  return {
    [DATABASE_ENV.host]: pg.host,
    [DATABASE_ENV.port]: String(pg.port),
    [DATABASE_ENV.username]: credentials.username,
    [DATABASE_ENV.password]: credentials.password,
    [DATABASE_ENV.name]: DEFAULT_DATABASE_NAME,
    [DATABASE_ENV.caBundlePath]: pg.caPath,
    [HTTP_ENV.livenessPath]: LIVENESS,
    [HTTP_ENV.readinessPath]: READINESS,
    [HTTP_ENV.shutdownGraceSeconds]: String(GRACE_SECONDS),
    [FILES_ENV.bucket]: 'not-used-here',
    [FILES_ENV.maxUploadBytes]: '1024',
    [FILES_ENV.allowedContentTypes]: 'application/pdf',
    [FILES_ENV.expirySeconds]: '300',
    AWS_REGION: 'ap-northeast-1',
    ...extra,
  };
}
