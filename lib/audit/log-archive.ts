import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { nagText } from '../nag/finding-text';
import { encryptedBucketProps } from '../core/encrypted-bucket';
import { managedKey } from '../core/managed-key';

export interface LogArchiveProps {
  /** Days every object is locked and kept (LOG-1: at least 1096). */
  readonly retentionDays: number;
  /** COMPLIANCE: nobody, root included, can delete a locked object early. GOVERNANCE: privileged users can. */
  readonly objectLockMode: 'COMPLIANCE' | 'GOVERNANCE';
  /** Where this bucket's own server-access logs go. */
  readonly serverAccessLogsBucket: s3.IBucket;
  /** Key alias prefix (project name). */
  readonly aliasPrefix: string;
}

/** Key prefixes of the archive, one per log source, so that delivery grants stay narrow. */
export const LOG_ARCHIVE_PREFIXES = {
  firewall: 'network-firewall',
  flowLogs: 'vpc-flow-logs',
  cloudTrail: 'cloudtrail',
} as const;

/**
 * The immutable log archive (LOG-1, LOG-2, LOG-4): an Object Lock bucket encrypted with its own
 * rotating key, tiered to cheaper storage and expired no earlier than the retention.
 * Log delivery services are admitted only for this account and only under their own prefix.
 */
export class LogArchive extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly key: kms.Key;
  public readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.retentionDays = props.retentionDays;
    this.key = managedKey(this, 'Key', { purpose: 'immutable log archive', alias: `${props.aliasPrefix}/log-archive` });

    const retention = Duration.days(props.retentionDays);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...encryptedBucketProps(this.key),
      objectLockEnabled: true,
      objectLockDefaultRetention:
        props.objectLockMode === 'COMPLIANCE' ? s3.ObjectLockRetention.compliance(retention) : s3.ObjectLockRetention.governance(retention),
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'log-archive/',
      lifecycleRules: [
        {
          id: 'tier-then-expire-after-lock',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(180) },
            { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(365) },
          ],
          // Expiry is the lock's end: Object Lock refuses anything earlier anyway.
          expiration: Duration.days(props.retentionDays + 1),
          noncurrentVersionExpiration: Duration.days(props.retentionDays + 1),
        },
      ],
    });

    const lockedInPlace =
      'Object Lock keeps every log version undeletable for the retention period, root included in COMPLIANCE mode; a cross-region replica would add a second archive (with its own access-log bucket) without strengthening LOG-1, whose threat is deletion, not loss of a region.';
    Validations.of(this.bucket).acknowledge(
      ...['NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled'].map((id) => ({
        id,
        reason: lockedInPlace,
      })),
    );

    // Vended log delivery (Network Firewall, VPC flow logs) writes as delivery.logs.amazonaws.com.
    const delivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
    const fromThisAccount = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:*:${stack.account}:*` },
    };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogDeliveryWrite',
        principals: [delivery],
        actions: ['s3:PutObject'],
        resources: [LOG_ARCHIVE_PREFIXES.firewall, LOG_ARCHIVE_PREFIXES.flowLogs].map((p) =>
          this.bucket.arnForObjects(`${p}/AWSLogs/${stack.account}/*`),
        ),
        conditions: { ...fromThisAccount, StringEquals: { ...fromThisAccount.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogDeliveryAclCheck',
        principals: [delivery],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: fromThisAccount,
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogDeliveryEncrypt',
        principals: [delivery],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: fromThisAccount,
      }),
    );
  }

  /** Lets CloudWatch Logs in this region encrypt log groups of this account with the archive key. */
  public admitCloudWatchLogs(): void {
    const stack = Stack.of(this);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncrypt',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
        },
      }),
    );
  }

  /**
   * Publishes the archive's object events to EventBridge's default bus, where a rule can pick out
   * one prefix (the firewall's ALERT objects, LOG-1). Set on the bucket itself: the L2's
   * `eventBridgeEnabled` would deploy a custom-resource function of its own to do the same.
   */
  public publishObjectEvents(): void {
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  }

  /**
   * A customer-managed policy that reads the objects under `keyPrefix` and nothing else of the
   * archive, for a reader in another stack to attach to its role (attaching it from here would
   * make this stack depend on the reader's). It lives with the archive so that the archive's
   * stack lists every reader. The key's policy delegates to IAM, so it needs no statement.
   */
  public readerPolicy(id: string, keyPrefix: string, reader: string): iam.ManagedPolicy {
    const objects = this.bucket.arnForObjects(`${keyPrefix}*`);
    const policy = new iam.ManagedPolicy(this, id, {
      description: `Reads one prefix of the log archive: ${reader}`,
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [this.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagText(policy, objects)}]`,
      reason: `The log delivery service names each object (date folders, a file name with a random suffix), so no key is known in advance; reading is granted on one prefix of this bucket only (${keyPrefix}), not on the rest of the archive.`,
    });
    return policy;
  }

  /** Admits CloudTrail (LOG-2) for this account's trail, under its prefix. */
  public admitCloudTrail(trailName: string): void {
    const stack = Stack.of(this);
    const principal = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const trailArn = `arn:${stack.partition}:cloudtrail:${stack.region}:${stack.account}:trail/${trailName}`;
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncrypt',
        principals: [principal],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceArn': trailArn },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribeKey',
        principals: [principal],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );
  }
}
