import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

/**
 * The PostgreSQL engine of a full 'major.minor' version (cfn-lint rejects a bare major, and a
 * pinned minor keeps primary and replica on the same release until auto minor upgrade moves both).
 */
export function postgresEngine(fullVersion: string): rds.IInstanceEngine {
  const match = /^(\d+)\.(\d+)$/.exec(fullVersion);
  if (!match) {
    throw new Error(`data.engineVersion "${fullVersion}" is not a full PostgreSQL version "major.minor", such as "17.6".`);
  }
  return rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of(fullVersion, match[1]) });
}

/**
 * Server settings both regions share (DATA-6): TLS 1.2 or later required for every connection,
 * and sessions recorded in the exported `postgresql` log.
 */
export const TLS_ENFORCING_PARAMETERS: Readonly<Record<string, string>> = {
  'rds.force_ssl': '1',
  ssl_min_protocol_version: 'TLSv1.2',
  log_connections: '1',
  log_disconnections: '1',
};

/** A parameter group with the shared settings, for one region's instance. */
export function tlsParameterGroup(scope: Construct, id: string, engine: rds.IInstanceEngine): rds.ParameterGroup {
  return new rds.ParameterGroup(scope, id, {
    engine,
    description: 'hardened-stack: TLS required (rds.force_ssl), connection logging',
    parameters: { ...TLS_ENFORCING_PARAMETERS },
  });
}
