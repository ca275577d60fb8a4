import { ACMClient } from '@aws-sdk/client-acm';
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

const SERVICES = {
  acm: ACMClient,
  backup: BackupClient,
  cloudformation: CloudFormationClient,
  cloudtrail: CloudTrailClient,
  cloudwatch: CloudWatchClient,
  logs: CloudWatchLogsClient,
  ec2: EC2Client,
  guardduty: GuardDutyClient,
  lambda: LambdaClient,
  networkfirewall: NetworkFirewallClient,
  rds: RDSClient,
  route53: Route53Client,
  s3: S3Client,
  servicequotas: ServiceQuotasClient,
  ssm: SSMClient,
  sts: STSClient,
} as const;

export type ServiceName = keyof typeof SERVICES;
type ClientOf<S extends ServiceName> = InstanceType<(typeof SERVICES)[S]>;

export interface AwsClientsOptions {
  /**
   * One endpoint for every service (a local emulator in tests). Without it the SDK's own
   * resolution applies, including `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`.
   */
  readonly endpoint?: string;
  /** Per-service endpoints, over `endpoint`. */
  readonly endpoints?: Partial<Record<ServiceName, string>>;
  /** Static credentials (tests); otherwise the SDK's default chain (profile, SSO, environment, role). */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * The SDK clients of the operations commands, one per service and region, created on first use.
 * Read-only by convention: the checks only Describe/List/Get.
 */
export class AwsClients {
  private readonly cache = new Map<string, { destroy(): void }>();

  constructor(private readonly options: AwsClientsOptions = {}) {}

  public client<S extends ServiceName>(service: S, region: string): ClientOf<S> {
    const key = `${service}@${region}`;
    let client = this.cache.get(key);
    if (!client) {
      const endpoint = this.options.endpoints?.[service] ?? this.options.endpoint;
      const Ctor = SERVICES[service] as unknown as new (config: Record<string, unknown>) => { destroy(): void };
      client = new Ctor({
        region,
        ...(endpoint ? { endpoint } : {}),
        // Emulators answer on one host: buckets go in the path, not the host name.
        ...(endpoint && service === 's3' ? { forcePathStyle: true } : {}),
        ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
        maxAttempts: 3,
      });
      this.cache.set(key, client);
    }
    return client as ClientOf<S>;
  }

  public destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
  }
}
