import { HardenedConfig } from './types';

/**
 * The embedded default configuration. It synthesizes with no AWS account, credentials or
 * network: a placeholder account, Tokyo as primary and Osaka as DR region, the availability
 * zones pinned in `cdk.json`, and a certificate placeholder ARN.
 *
 * Values a real deployment must replace are marked "placeholder" in the README.
 */
export const PLACEHOLDER_ACCOUNT = '123456789012';

export const DEFAULT_CONFIG: HardenedConfig = {
  projectName: 'hardened',
  environment: 'production',
  account: PLACEHOLDER_ACCOUNT,
  primaryRegion: 'ap-northeast-1',
  drRegion: 'ap-northeast-3',
  network: {
    vpcCidr: '10.20.0.0/16',
    drVpcCidr: '10.21.0.0/16',
    maxAzs: 3,
    // The default image comes from the public ECR gallery; everything AWS is reached through
    // VPC endpoints, so this is the whole internet the workloads see.
    egressAllowedDomains: ['public.ecr.aws', '.cloudfront.net'],
    customIpsRules: [],
  },
  logs: {
    retentionDays: 1096,
    appLogRetentionDays: 400,
  },
  edge: {
    authPattern: 0,
    certificate: {
      domainName: 'app.example.com',
      certificateArn: `arn:aws:acm:ap-northeast-1:${PLACEHOLDER_ACCOUNT}:certificate/00000000-0000-0000-0000-000000000000`,
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
    recycleTimeZone: 'Asia/Tokyo',
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
};
