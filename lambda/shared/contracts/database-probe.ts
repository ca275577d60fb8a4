/**
 * What the database-probe function and the `DatabaseProbe` construct agree on: environment
 * variable names, the metric names and dimension the `database-unreachable` alarm reads, and the
 * probe's time limits. Kept free of imports so the CDK app can read it without pulling the Lambda
 * code, `pg` or the AWS SDK.
 */

/** Environment variables (read once, at module load). */
export const ENV = {
  /** ARN of the application user's database secret (host, port, username, password). Required. */
  secretArn: 'DATABASE_SECRET_ARN',
  /** Database to connect to when the secret names none (`dbname`). Required. */
  databaseName: 'DATABASE_NAME',
  /** The instance identifier: the value of the metrics' `DBInstanceIdentifier` dimension. Required. */
  instanceIdentifier: 'DATABASE_INSTANCE',
  /** PEM file of the certificate authorities the server's certificate must chain to. Required. */
  caBundlePath: 'CA_BUNDLE_PATH',
  /** CloudWatch namespace of the Embedded Metric Format lines. Optional. */
  metricsNamespace: 'METRICS_NAMESPACE',
} as const;

export const DEFAULT_METRICS_NAMESPACE = 'HardenedStack/DatabaseProbe';

/** Metric names emitted in Embedded Metric Format, one line per invocation. */
export const METRIC = {
  /** 1: `SELECT 1` answered over verified TLS; 0: it did not (the log line says why). */
  reachable: 'DatabaseReachable',
  /** Milliseconds from opening the connection to the answer of `SELECT 1` (successful probes only). */
  latency: 'DatabaseProbeLatency',
} as const;

/** The only dimension of the probe's metrics (the same name RDS uses for its own). */
export const DIMENSION = 'DBInstanceIdentifier';

/**
 * The Amazon certificate authorities the Lambda Node.js runtimes ship (RDS's among them). Since
 * Node.js 20 the runtime no longer loads them by default; the probe reads the file itself and
 * trusts nothing else. https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html,
 * https://aws.amazon.com/blogs/compute/node-js-20-x-runtime-now-available-in-aws-lambda/
 */
export const LAMBDA_RUNTIME_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/**
 * Time limits of one probe. Two attempts (the second after a pause, or with refetched
 * credentials) plus the secret read stay well within the function's timeout and the one-minute
 * schedule, so two invocations never overlap.
 */
export const PROBE_LIMITS = {
  /** TCP + TLS + authentication. */
  connectTimeoutMs: 5_000,
  /** `SELECT 1`, client side and as the server's statement_timeout. */
  queryTimeoutMs: 3_000,
  /** Wait before the second attempt after a failure that was not an authentication failure. */
  retryPauseMs: 2_000,
  /** Attempts per invocation. */
  attempts: 2,
} as const;

/** Seconds the function may run: two attempts, the pause and a secret read, with margin. */
export const PROBE_FUNCTION_TIMEOUT_SECONDS = 30;
