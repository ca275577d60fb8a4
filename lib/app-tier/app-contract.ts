/**
 * The application contract: what the stack hands every container of the app service, and what
 * the container must do in return. The task definition is built from it, the reference
 * application reads it, and the README's "Application contract" section says the same in words.
 *
 * Kept free of CDK and SDK imports so application code can import it as is.
 */
import { UPLOAD_ENV } from '../../lambda/shared/contracts/received-files';

/**
 * Database connection settings. ECS sets every variable of the contract when a task starts,
 * through the container's `secrets` (never its plain `environment`, AwsSolutions-ECS2): the
 * credentials from the application user's secret in Secrets Manager, the other settings from SSM
 * String parameters the App stack writes.
 */
export const DATABASE_ENV = {
  /** The instance endpoint host name; also the TLS server name to verify. From the secret. */
  host: 'DB_HOST',
  /** The instance port (not 5432 by default). From the secret. */
  port: 'DB_PORT',
  /** The application user (alternates between `<user>` and `<user>_clone` on each rotation). From the secret. */
  username: 'DB_USERNAME',
  /** That user's password. From the secret. */
  password: 'DB_PASSWORD',
  /** The database to connect to. */
  name: 'DB_NAME',
  /** Path, inside the image, of the PEM bundle of the RDS certificate authorities. */
  caBundlePath: 'DB_CA_BUNDLE_PATH',
} as const;

/** Which JSON key of the application user's secret fills which variable. */
export const DATABASE_SECRET_FIELDS: Readonly<Record<string, string>> = {
  [DATABASE_ENV.host]: 'host',
  [DATABASE_ENV.port]: 'port',
  [DATABASE_ENV.username]: 'username',
  [DATABASE_ENV.password]: 'password',
};

/**
 * Upload settings the signing code reads (`lib/app-tier/reference-app/src/upload-post.ts`), plus where to
 * find the bucket's name.
 *
 * The bucket's name arrives by SSM parameter, not as a value: the Files stack deploys after the
 * App stack (its bucket policy names the App stack's task role as the only uploader), so the
 * App stack cannot reference the bucket, and the bucket is retained, so it cannot carry a
 * fixed name either (a redeploy after `cdk destroy` would collide with the kept one). The
 * application reads the parameter when it first signs an upload and caches it.
 */
export const FILES_ENV = {
  ...UPLOAD_ENV,
  /** Name of the SSM String parameter holding the upload bucket's name (when `bucket` is not set). */
  bucketParameter: 'FILES_UPLOAD_BUCKET_PARAMETER',
} as const;

/** HTTP settings. */
export const HTTP_ENV = {
  /** The port to listen on (all interfaces). */
  port: 'PORT',
  /** Answers 200 while the process can serve at all; no dependency is checked (container health check). */
  livenessPath: 'HEALTH_LIVENESS_PATH',
  /** Answers 200 only when a request would succeed now: a database round trip (ALB health check). */
  readinessPath: 'HEALTH_READINESS_PATH',
  /** Seconds between SIGTERM and the forced stop: finish in-flight work and exit within it. */
  shutdownGraceSeconds: 'SHUTDOWN_GRACE_SECONDS',
} as const;

/** The default liveness path of images that implement the contract (the reference application). */
export const DEFAULT_LIVENESS_PATH = '/livez';

/** The database every RDS PostgreSQL instance has when none is named at creation. */
export const DEFAULT_DATABASE_NAME = 'postgres';

/** Where the reference image keeps the RDS CA bundle (downloaded at image build). */
export const RDS_CA_BUNDLE_PATH = '/etc/ssl/certs/rds-global-bundle.pem';

/**
 * The log format: one JSON object per line on stdout, at least `time` (ISO 8601), `level`
 * (`debug` | `info` | `warn` | `error`) and `msg`. The awslogs driver ships each line to the
 * encrypted app log group as one event; CloudWatch Logs Insights discovers the JSON fields.
 * Never log a credential, a presigned form or a request body.
 */
export const LOG_FORMAT = 'json-lines' as const;

/** The settings the stack injects besides the credentials. */
export interface AppContractValues {
  readonly containerPort: number;
  readonly livenessPath: string;
  readonly readinessPath: string;
  readonly shutdownGraceSeconds: number;
  readonly databaseName: string;
  readonly caBundlePath: string;
  readonly uploadBucketParameterName: string;
  readonly maxUploadBytes: number;
  readonly allowedContentTypes: readonly string[];
  readonly uploadUrlExpirySeconds: number;
}

/** The settings of a container under the contract, by variable name (the credentials travel separately). */
export function contractSettings(v: AppContractValues): Record<string, string> {
  return {
    [HTTP_ENV.port]: String(v.containerPort),
    [HTTP_ENV.livenessPath]: v.livenessPath,
    [HTTP_ENV.readinessPath]: v.readinessPath,
    [HTTP_ENV.shutdownGraceSeconds]: String(v.shutdownGraceSeconds),
    [DATABASE_ENV.name]: v.databaseName,
    [DATABASE_ENV.caBundlePath]: v.caBundlePath,
    [FILES_ENV.bucketParameter]: v.uploadBucketParameterName,
    [FILES_ENV.maxUploadBytes]: String(v.maxUploadBytes),
    [FILES_ENV.allowedContentTypes]: v.allowedContentTypes.join(','),
    [FILES_ENV.expirySeconds]: String(v.uploadUrlExpirySeconds),
  };
}

/** The SSM parameter the Files stack writes the upload bucket's name to. */
export function uploadBucketParameterName(projectName: string): string {
  return `/${projectName}/files/upload-bucket-name`;
}

/**
 * What the container must do. Each duty is checked where it can be: the task definition
 * enforces the first two, the reference application's integration tests prove the rest.
 */
export const CONTAINER_DUTIES: readonly string[] = [
  `Listen on ${HTTP_ENV.port} (≥ 1024) as a non-root user, with a read-only root filesystem (write only to the tmpfs paths given).`,
  `Answer ${HTTP_ENV.livenessPath} without touching dependencies, and ${HTTP_ENV.readinessPath} only after a database round trip over verified TLS.`,
  `Connect to the database with TLS, verifying the server certificate against ${DATABASE_ENV.caBundlePath} and the host name ${DATABASE_ENV.host}.`,
  `On SIGTERM stop accepting connections, finish in-flight requests, close the database pool and exit within ${HTTP_ENV.shutdownGraceSeconds}.`,
  'Open new database connections with the credentials it was given; on an authentication failure reconnect rather than exit (the credentials stay valid for a whole rotation interval).',
  `Write logs as ${LOG_FORMAT} on stdout.`,
];
