import { DEFAULT_NIGHT_TIME_ZONE } from '../data/backup-night';
import { HardenedConfig } from './types';

/**
 * The embedded default configuration. It synthesizes with no AWS account, credentials or
 * network: a placeholder account, Tokyo as primary and Osaka as DR region, the availability
 * zones pinned in `cdk.json`, and a certificate placeholder ARN.
 *
 * Values a real deployment must replace are placeholders: `placeholdersInUse` (placeholders.ts)
 * lists the ones a configuration still holds, the synth summary shows them as UNSET, and a
 * deployment preflight refuses them.
 */
/** The account id AWS's own documentation uses. */
export const PLACEHOLDER_ACCOUNT = '123456789012';
/** A certificate ARN that cannot exist (all-zero id) in the placeholder account. */
export const PLACEHOLDER_CERTIFICATE_ARN = `arn:aws:acm:ap-northeast-1:${PLACEHOLDER_ACCOUNT}:certificate/00000000-0000-0000-0000-000000000000`;
/** RFC 2606's documentation domain. */
export const PLACEHOLDER_DOMAIN = 'app.example.com';
/** The time zone of the service's users when the configuration names none (the backup night's default). */
export const DEFAULT_TIME_ZONE = DEFAULT_NIGHT_TIME_ZONE;

export const DEFAULT_CONFIG: HardenedConfig = {
  projectName: 'hardened',
  environment: 'production',
  account: PLACEHOLDER_ACCOUNT,
  primaryRegion: 'ap-northeast-1',
  drRegion: 'ap-northeast-3',
  timeZone: DEFAULT_TIME_ZONE,
  network: {
    vpcCidr: '10.20.0.0/16',
    drVpcCidr: '10.21.0.0/16',
    maxAzs: 3,
    // The default image comes from the public ECR gallery; everything AWS is reached through
    // VPC endpoints, so this is the whole internet the workloads see. public.ecr.aws answers the
    // registry API and redirects layer downloads to two CloudFront distributions of its own (not
    // all of `.cloudfront.net`, which would admit any distribution); listed by AWS for EKS
    // Anywhere's image pulls: https://anywhere.eks.amazonaws.com/docs/getting-started/nutanix/domains/
    // (seen in pull errors, e.g. https://github.com/docker/sbx-releases/issues/525).
    egressAllowedDomains: ['public.ecr.aws', 'd2glxqk2uabbnd.cloudfront.net', 'd5l0dvt14r5h8.cloudfront.net'],
    customIpsRules: [],
  },
  logs: {
    retentionDays: 1096,
    appLogRetentionDays: 400,
  },
  edge: {
    authPattern: 0,
    certificate: {
      domainName: PLACEHOLDER_DOMAIN,
      certificateArn: PLACEHOLDER_CERTIFICATE_ARN,
    },
    sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
    adminPathPrefixes: ['/admin'],
    adminAllowlist: ['203.0.113.0/24'],
    siteAllowlist: [],
    rateLimitPer5Min: 2000,
    maxRequestBodyBytes: 65536,
    hstsMaxAgeSeconds: 63072000,
    signIn: {
      idleTimeoutMinutes: 30,
      minPasswordLength: 12,
    },
    clientCertificates: {
      caBundleKey: 'ca-bundle.pem',
    },
  },
  app: {
    image: 'public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine',
    containerPort: 8080,
    healthCheckPath: '/',
    desiredCount: 3,
    minCount: 2,
    maxCount: 6,
    cpu: 512,
    memoryMiB: 1024,
    recycleSchedule: 'cron(0 4 * * ? *)',
    recycleTimeZone: DEFAULT_TIME_ZONE, // derived: see DERIVED_DEFAULTS
  },
  data: {
    engineVersion: '17.6',
    instanceType: 'm7g.large',
    port: 15432,
    allocatedStorageGiB: 100,
    backupRetentionDays: 35,
    backupWindowUtc: '17:00-18:00',
    maintenanceWindowUtc: 'sun:18:30-sun:19:30',
    backupVaultRetentionDays: 35,
    logRetentionDays: 1096,
  },
  monitoring: {
    alarmEmails: [],
    alarmHttpsEndpoints: [],
  },
  threat: {
    createDetector: true,
    minSeverity: 7,
    blockTtlHours: 24,
    neverBlock: [],
    offences: {
      firewall: { enabled: true, threshold: 1, windowMinutes: 60 },
      waf: { enabled: true, threshold: 5, windowMinutes: 10 },
      batchSize: 1000,
      batchWindowSeconds: 10,
    },
  },
  audit: {
    createTrail: true,
  },
  files: {
    maxUploadBytes: 100 * 1024 * 1024,
    allowedContentTypes: ['application/pdf', 'image/png', 'image/jpeg', 'text/csv'],
    uploadRetentionDays: 7,
    quarantineRetentionDays: 90,
    uploadUrlExpirySeconds: 300,
  },
  lambdaReservedConcurrency: true,
  retainedNameSuffix: '',
};

/**
 * Fields whose default is another field's value, resolved after the user's layers are merged:
 * `{ "timeZone": "Europe/Berlin" }` moves the recycle schedule to Berlin too, unless
 * `app.recycleTimeZone` is set. `DEFAULT_CONFIG` holds them resolved against its own values.
 */
export const DERIVED_DEFAULTS: Readonly<Record<string, (config: Record<string, unknown>) => unknown>> = {
  'app.recycleTimeZone': (config) => config.timeZone,
};
