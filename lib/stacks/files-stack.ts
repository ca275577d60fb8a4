import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { UPLOAD_ENV } from '../../lambda/shared/contracts/received-files';
import { uploadBucketParameterName } from '../app-tier/app-contract';
import { HardenedConfig } from '../config/types';
import { managedKey } from '../core/managed-key';
import { SUBNET_TIERS } from '../network/tiered-vpc';
import { MalwareScan } from '../files/malware-scan';
import { QuarantineBucket } from '../files/quarantine-bucket';
import { ScanResultRouting } from '../files/scan-result-routing';
import { SecurityReaderRole } from '../files/security-reader-role';
import { UploadBucket } from '../files/upload-bucket';

export interface FilesStackProps extends StackProps {
  readonly config: HardenedConfig;
  /** The VPC with the 'App' subnets the mover runs in (S3 gateway endpoint there). */
  readonly vpc: ec2.IVpc;
  /** The resourceless actions of the app's functions in the VPC (NetworkStack.vpcFunctionActions). */
  readonly vpcFunctionActions: iam.IManagedPolicy;
  /** Destination of both buckets' server-access logs (AuditStack). */
  readonly accessLogBucket: s3.IBucket;
  /** The application's role (the app service's task role): the only uploader and reader of clean files. */
  readonly applicationRole: iam.IRole;
  /**
   * The alarm topic (AlertingStack): every scan result that is not clean is told there. The
   * stack makes no alarm: Monitoring alarms on `scanResults` (its mover and dead-letter queue).
   */
  readonly alarmTopic: sns.ITopic;
}

/**
 * Received files (FILE-1; seeds S0, S2, S3, S4): an encrypted upload bucket that only takes
 * browser POSTs signed by the app, scanned by GuardDuty Malware Protection for S3, unreadable
 * until tagged clean; infected files moved to a quarantine only the security role reads, and the
 * alarm topic told of every result that is not clean.
 */
export class FilesStack extends Stack {
  public readonly uploads: UploadBucket;
  public readonly quarantine: QuarantineBucket;
  public readonly malwareScan: MalwareScan;
  public readonly securityReader: SecurityReaderRole;
  public readonly scanResults: ScanResultRouting;

  constructor(scope: Construct, id: string, props: FilesStackProps) {
    super(scope, id, props);
    const { config } = props;
    const files = config.files;
    const prefix = config.projectName;

    this.uploads = new UploadBucket(this, 'Uploads', { retentionDays: files.uploadRetentionDays, serverAccessLogsBucket: props.accessLogBucket, aliasPrefix: prefix });
    this.quarantine = new QuarantineBucket(this, 'Quarantine', {
      retentionDays: files.quarantineRetentionDays,
      serverAccessLogsBucket: props.accessLogBucket,
      aliasPrefix: prefix,
    });
    this.malwareScan = new MalwareScan(this, 'MalwareScan', { bucket: this.uploads.bucket, key: this.uploads.key });
    this.securityReader = new SecurityReaderRole(this, 'SecurityReader', { quarantine: this.quarantine });
    this.scanResults = new ScanResultRouting(this, 'ScanResults', {
      uploadBucket: this.uploads,
      quarantineBucket: this.quarantine,
      uploadRetentionDays: files.uploadRetentionDays,
      alarmTopic: props.alarmTopic,
      encryptionKey: managedKey(this, 'Key', { purpose: 'received files: function logs and dead letters', alias: `${prefix}/files` }),
      vpc: props.vpc,
      subnets: { subnetGroupName: SUBNET_TIERS.app },
      resourcelessActions: props.vpcFunctionActions,
    });

    this.uploads.restrictAccess({ uploader: props.applicationRole, scanner: this.malwareScan.role, mover: this.scanResults.moverRole });
    this.uploads.grantApplicationAccess(props.applicationRole);
    this.quarantine.restrictAccess({ reader: this.securityReader.role, writer: this.scanResults.moverRole });

    // What the application's signing code (lib/app-tier/reference-app/src/upload-post.ts) reads from its environment.
    const output = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    output('UploadBucketName', this.uploads.bucket.bucketName, `${UPLOAD_ENV.bucket}: where presigned POSTs upload`);
    output('MaxUploadBytes', String(files.maxUploadBytes), `${UPLOAD_ENV.maxUploadBytes}: content-length-range upper bound`);
    output('AllowedContentTypes', files.allowedContentTypes.join(','), `${UPLOAD_ENV.allowedContentTypes}: types the app signs uploads for`);
    output('UploadUrlExpirySeconds', String(files.uploadUrlExpirySeconds), `${UPLOAD_ENV.expirySeconds}: validity of a presigned POST`);
    // Where the application finds the bucket (app-contract.ts): this stack deploys after the App stack.
    new ssm.StringParameter(this, 'UploadBucketNameParameter', {
      parameterName: uploadBucketParameterName(prefix),
      stringValue: this.uploads.bucket.bucketName,
      description: 'Upload bucket of received files, read by the application when it signs uploads',
    });
    output('QuarantineBucketName', this.quarantine.bucket.bucketName, 'Infected files (security role only)');
    output('SecurityReaderRoleArn', this.securityReader.role.roleArn, 'Role (MFA) that may read quarantined files');
  }
}
