/**
 * The configuration of one hardened-stack deployment.
 *
 * One typed object, validated once at the entry point (`loadConfig`), handed to the stacks as
 * props. Constructs never read `process.env` or CDK context themselves.
 * Every field is documented in the README's configuration reference with its default.
 */
export interface HardenedConfig {
  /** Short lower-case name used as a prefix of physical names and tags. @default 'hardened' */
  readonly projectName: string;
  /**
   * Deployment kind. `production` defaults the log archive's Object Lock to COMPLIANCE.
   * @default 'production'
   */
  readonly environment: 'production' | 'staging' | 'development';
  /** 12-digit AWS account id the stacks are bound to. @default '123456789012' (placeholder) */
  readonly account: string;
  /** Region of the service. @default 'ap-northeast-1' (Tokyo) */
  readonly primaryRegion: string;
  /** Region of the database replica and backup copies. @default 'ap-northeast-3' (Osaka) */
  readonly drRegion: string;
  /**
   * IANA time zone of the service's users: the backup schedule runs and `data.backupWindowUtc`
   * must lie in its night (22:00-06:00), and it is the default of `app.recycleTimeZone`.
   * @default 'Asia/Tokyo'
   */
  readonly timeZone: string;
  readonly network: NetworkConfig;
  readonly logs: LogsConfig;
  readonly edge: EdgeConfig;
  readonly app: AppConfig;
  readonly data: DataConfig;
  readonly monitoring: MonitoringConfig;
  readonly threat: ThreatConfig;
  readonly audit: AuditConfig;
  readonly files: FilesConfig;
  /**
   * Reserve concurrency for the stack's functions (the IP blocker and its reconciler: 1 each; the
   * firewall ALERT copy: 1; the received-files mover: 10; 13 in all). Reserving fails the deploy
   * in an account whose concurrency quota would drop below 100 unreserved executions (new
   * accounts may start at 10). `false` leaves the functions on the shared pool: the blocker then
   * relies on its LockToken retries (WAFOptimisticLockException) instead of a single writer.
   * @default true
   */
  readonly lambdaReservedConcurrency: boolean;
  /**
   * Appended to the physical names of the resources `cdk destroy` keeps (log groups, backup
   * vaults, the database and replica identifiers whose log groups RDS names). Empty for the first
   * deployment; set a new one (e.g. "-2") to deploy again next to what a destroyed deployment
   * left behind (README "Destroying and deploying again").
   * @default ''
   */
  readonly retainedNameSuffix: string;
}

export interface NetworkConfig {
  /** CIDR of the primary VPC. @default '10.20.0.0/16' */
  readonly vpcCidr: string;
  /** CIDR of the DR-region VPC; must not overlap the primary. @default '10.21.0.0/16' */
  readonly drVpcCidr: string;
  /** Availability zones used (2 or 3), taken in order from `cdk.json`. @default 3 */
  readonly maxAzs: number;
  /**
   * Domains the workloads may reach on the internet (TLS SNI / HTTP Host). A leading dot
   * allows subdomains (`.example.com`). AWS services are reached through VPC endpoints.
   * @default - the default container registry's hosts only
   */
  readonly egressAllowedDomains: string[];
  /**
   * Extra Suricata rules appended to the IPS rule group (each must carry `sid` and `rev`,
   * sids in 1,000,000–1,999,999 are reserved for users).
   * @default []
   */
  readonly customIpsRules: string[];
}

export interface LogsConfig {
  /** Days firewall, WAF, ALB and audit logs are kept (S3 Object Lock and CloudWatch). @default 1096 */
  readonly retentionDays: number;
  /**
   * Object Lock mode of the log archive.
   * @default - COMPLIANCE when `environment` is production, otherwise GOVERNANCE
   */
  readonly objectLockMode?: 'COMPLIANCE' | 'GOVERNANCE';
  /** Days application (container) logs are kept in CloudWatch Logs. @default 400 */
  readonly appLogRetentionDays: number;
}

/** The authentication patterns of seed S3: 0 TLS, 1 + sign-in, 2 + client certificate, 3 + source-IP restriction. */
export type AuthPattern = 0 | 1 | 2 | 3;

export interface EdgeConfig {
  /** Authentication pattern (seed S3). Each pattern includes the ones below it. @default 0 */
  readonly authPattern: AuthPattern;
  /** Server certificate: an existing ACM ARN, or DNS validation in a hosted zone (no lookups). */
  readonly certificate: CertificateConfig;
  /** ALB TLS policy name (must be a TLS 1.3 policy). @default 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06' */
  readonly sslPolicy: string;
  /** Path prefixes only the admin allowlist may reach. @default ['/admin'] */
  readonly adminPathPrefixes: string[];
  /** CIDRs allowed to reach admin paths (IPv4 or IPv6). @default ['203.0.113.0/24'] (documentation range; replace) */
  readonly adminAllowlist: string[];
  /** CIDRs allowed to reach the whole site when `authPattern` is 3. @default [] */
  readonly siteAllowlist: string[];
  /** Requests per client IP per 5 minutes before WAF blocks it. @default 2000 */
  readonly rateLimitPer5Min: number;
  /**
   * Largest request body admitted, in bytes. On an ALB, WAF sees only the first 8 KiB of a body: above
   * that, the limit is enforced on the Content-Length header. @default 65536
   */
  readonly maxRequestBodyBytes: number;
  /** HSTS max-age sent by the ALB, in seconds. @default 63072000 (2 years) */
  readonly hstsMaxAgeSeconds: number;
  /** Sign-in at the ALB (pattern ≥ 1). */
  readonly signIn: SignInConfig;
  /** Client-certificate trust store (pattern ≥ 2). */
  readonly clientCertificates: ClientCertificateConfig;
}

export interface CertificateConfig {
  /** ARN of an ACM certificate in the primary region. Either this or domainName + hostedZone. */
  readonly certificateArn?: string;
  /** Site domain name: the certificate's subject and the sign-in callback host. @default 'app.example.com' (placeholder) */
  readonly domainName?: string;
  /**
   * Route 53 hosted zone of `domainName` (id and name, no lookup). With it the Edge stack creates
   * the site's alias records to the load balancer (A, and AAAA when it is dual-stack), and, without
   * `certificateArn`, a DNS-validated certificate. Without it, point `domainName` at the load
   * balancer's DNS name (Edge output `LoadBalancerDnsName`) yourself before deploying Monitoring.
   */
  readonly hostedZoneId?: string;
  /** Route 53 hosted-zone name (the zone `domainName` is in), e.g. 'example.com'. */
  readonly hostedZoneName?: string;
}

export interface SignInConfig {
  /** Cognito hosted-UI domain prefix (globally unique). @default '<projectName>-signin-<account>' */
  readonly domainPrefix?: string;
  /** Minutes of inactivity before the ALB session ends (auto-logout). @default 30 */
  readonly idleTimeoutMinutes: number;
  /** Minimum password length (seed S1: 10 or more). @default 12 */
  readonly minPasswordLength: number;
}

export interface ClientCertificateConfig {
  /** S3 bucket holding the CA bundle (PEM). Required for pattern 2 and 3. */
  readonly caBundleBucket?: string;
  /** Object key of the CA bundle. @default 'ca-bundle.pem' */
  readonly caBundleKey: string;
  /** Object key of a certificate revocation list in the same bucket. @default - none */
  readonly revocationListKey?: string;
}

export interface AppConfig {
  /**
   * Container image: `ecr:<repository-name>:<tag>` for an ECR repository in this account, a
   * registry reference, or `reference` for the repository's reference application (built from
   * `lib/app-tier/reference-app` at deploy; README "Application contract").
   * @default 'public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine'
   */
  readonly image: string;
  /** Port the container listens on. @default 8080 */
  readonly containerPort: number;
  /** Path the ALB and the container health check request. @default '/' */
  readonly healthCheckPath: string;
  /** Tasks running normally (one per AZ by default). @default 3 */
  readonly desiredCount: number;
  /** Floor of auto scaling; never below 2. @default 2 */
  readonly minCount: number;
  /** Ceiling of auto scaling. @default 6 */
  readonly maxCount: number;
  /** Task CPU units. @default 512 */
  readonly cpu: number;
  /** Task memory in MiB. @default 1024 */
  readonly memoryMiB: number;
  /**
   * When running containers are replaced: an EventBridge Scheduler `cron(m h dom mon dow year)` or
   * `rate(N hours|days)` expression. @default 'cron(0 4 * * ? *)'
   */
  readonly recycleSchedule: string;
  /** IANA time zone `recycleSchedule` is read in. @default - the top-level `timeZone` */
  readonly recycleTimeZone: string;
}

export interface DataConfig {
  /**
   * PostgreSQL version: a major ("17", RDS picks that major's default minor at creation, so a
   * fresh deploy keeps working when a minor leaves standard support) or a pinned "major.minor".
   * @default '17.6'
   */
  readonly engineVersion: string;
  /** Instance class, e.g. 'r7g.large'. @default 'm7g.large' */
  readonly instanceType: string;
  /**
   * Port PostgreSQL listens on, 1150–65535 but not the default 5432 (AwsSolutions-RDS11: the
   * standard port is the first one untargeted scans try). The replica listens on the same port.
   * @default 15432
   */
  readonly port: number;
  /** Allocated storage in GiB. @default 100 */
  readonly allocatedStorageGiB: number;
  /** Automated backup retention (point-in-time recovery window), 7–35 days. @default 35 */
  readonly backupRetentionDays: number;
  /**
   * Backup window in UTC, 'hh:mm-hh:mm', within the night (22:00-06:00) of `timeZone` all year.
   * @default '17:00-18:00' (02:00–03:00 Asia/Tokyo)
   */
  readonly backupWindowUtc: string;
  /** Maintenance window in UTC, 'ddd:hh:mm-ddd:hh:mm'. @default 'sun:18:30-sun:19:30' (Mon 03:30 JST) */
  readonly maintenanceWindowUtc: string;
  /** Days AWS Backup keeps each recovery point (both regions). @default 35 */
  readonly backupVaultRetentionDays: number;
  /** Days database log exports are kept in CloudWatch Logs. @default 1096 */
  readonly logRetentionDays: number;
}

export interface MonitoringConfig {
  /** E-mail addresses subscribed to alarms. @default [] */
  readonly alarmEmails: string[];
  /** HTTPS endpoints subscribed to alarms (chat webhooks, incident tools). @default [] */
  readonly alarmHttpsEndpoints: string[];
}

export interface ThreatConfig {
  /** Create the GuardDuty detector (false when an organisation manages it). @default true */
  readonly createDetector: boolean;
  /** Lowest GuardDuty severity that triggers a block. @default 7 (high) */
  readonly minSeverity: number;
  /** Hours an attacker address stays blocked after its last offence. @default 24 */
  readonly blockTtlHours: number;
  /** Addresses that are never blocked (offices, health checkers), in addition to the admin allowlist. @default [] */
  readonly neverBlock: string[];
  /**
   * Offences from the logs that block an address besides GuardDuty findings (MON-4): the
   * firewall's signature drops and WAF's managed-rule and admin-path blocks, each with how many
   * within how many minutes block. @default firewall 1 in 60 minutes, WAF 5 in 10 minutes
   */
  readonly offences: OffenceSourcesConfig;
}

export interface OffenceSourceConfig {
  readonly enabled: boolean;
  /** Offences of one address within the window that block it (1 to 100). */
  readonly threshold: number;
  /** The window in minutes (1 to 1440). */
  readonly windowMinutes: number;
}

export interface OffenceSourcesConfig {
  /** Drops by the project's IPS signatures and the AWS managed threat signatures (external sources). */
  readonly firewall: OffenceSourceConfig;
  /** WAF blocks by an AWS managed rule group or the admin-path rule (never the rate limit). */
  readonly waf: OffenceSourceConfig;
  /** Most offences the blocker applies in one batch (1 to 10000). @default 1000 */
  readonly batchSize: number;
  /** Seconds the queue poller may wait to fill a batch (1 to 300). @default 10 */
  readonly batchWindowSeconds: number;
}

export interface AuditConfig {
  /** Create the CloudTrail trail (false when an organisation trail already covers the account). @default true */
  readonly createTrail: boolean;
}

/** Received files (FILE-1): the upload bucket, its malware scan and the quarantine. */
export interface FilesConfig {
  /**
   * Largest upload in bytes: the `content-length-range` of every presigned POST (S3 refuses a
   * larger body). Up to 5 GiB, the largest single upload S3 accepts. @default 104857600 (100 MiB, seed S4)
   */
  readonly maxUploadBytes: number;
  /** Content types the application signs uploads for (exact `type/subtype`, lower case). @default ['application/pdf', 'image/png', 'image/jpeg', 'text/csv'] */
  readonly allowedContentTypes: string[];
  /**
   * Days any object stays in the upload bucket, scanned or not: unscanned, unscannable and (if
   * the move failed) infected objects never outlive it, and the application must take the clean
   * files it keeps into its own storage within it. @default 7
   */
  readonly uploadRetentionDays: number;
  /** Days infected files are kept in the quarantine bucket for investigation. @default 90 */
  readonly quarantineRetentionDays: number;
  /** Seconds a presigned upload stays valid. @default 300 */
  readonly uploadUrlExpirySeconds: number;
}
