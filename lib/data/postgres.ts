import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

/**
 * The PostgreSQL engine of `data.engineVersion`: a major ("17") or a full "major.minor" ("17.6").
 *
 * - A major lets RDS pick that major's default minor when the instance is created, so a fresh
 *   deployment keeps working after a pinned minor leaves standard support; auto minor upgrade then
 *   moves primary and replica along. RDS documents the major-only form: "If you specify only the
 *   major version, Amazon RDS updates the DB instance to the default minor version"
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html, EngineVersion).
 *   cfn-lint's version list holds full versions only, so it warns (W3691, not an error) on a major.
 * - A full version pins primary and replica to the same release until auto minor upgrade moves both.
 * The parameter-group family is the major's either way (`postgres17`).
 */
export function postgresEngine(version: string): rds.IInstanceEngine {
  const match = /^(\d{2})(\.\d{1,3})?$/.exec(version);
  if (!match) {
    throw new Error(`data.engineVersion: got ${JSON.stringify(version)}; allowed: a PostgreSQL major version such as "17" or a full "major.minor" such as "17.6".`);
  }
  return rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of(version, match[1]) });
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
