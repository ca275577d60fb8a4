import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { Construct } from 'constructs';
import { HardenedConfig } from '../config/types';
import { AccessLogBucket } from '../audit/access-log-bucket';
import { LOG_ARCHIVE_PREFIXES, LogArchive } from '../audit/log-archive';

export interface AuditStackProps extends StackProps {
  readonly config: HardenedConfig;
}

/**
 * Stateful, long-lived logging: the immutable log archive, the access-log bucket and the
 * CloudTrail trail (LOG-1, LOG-2). Deployed first; every other primary stack writes here.
 */
export class AuditStack extends Stack {
  public readonly logArchive: LogArchive;
  public readonly accessLogs: AccessLogBucket;
  public readonly trail?: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.accessLogs = new AccessLogBucket(this, 'AccessLogs', { retentionDays: config.logs.retentionDays });
    this.logArchive = new LogArchive(this, 'LogArchive', {
      retentionDays: config.logs.retentionDays,
      objectLockMode: config.logs.objectLockMode ?? (config.environment === 'production' ? 'COMPLIANCE' : 'GOVERNANCE'),
      serverAccessLogsBucket: this.accessLogs.bucket,
      aliasPrefix: config.projectName,
    });

    if (config.audit.createTrail) {
      const trailName = `${config.projectName}-audit`;
      this.logArchive.admitCloudTrail(trailName);
      this.logArchive.admitCloudWatchLogs();
      // Searchable copy of every API call for 3 years; the S3 copy is the immutable one.
      const trailLogGroup = new logs.LogGroup(this, 'AuditTrailLogs', {
        retention: config.logs.retentionDays as logs.RetentionDays,
        encryptionKey: this.logArchive.key,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.trail = new cloudtrail.Trail(this, 'AuditTrail', {
        sendToCloudWatchLogs: true,
        cloudWatchLogGroup: trailLogGroup,
        trailName,
        bucket: this.logArchive.bucket,
        s3KeyPrefix: LOG_ARCHIVE_PREFIXES.cloudTrail,
        encryptionKey: this.logArchive.key,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableFileValidation: true,
        managementEvents: cloudtrail.ReadWriteType.ALL,
      });
    }
  }
}
