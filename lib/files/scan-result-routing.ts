import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, QUARANTINE_PREFIX, SCAN_RESULT, SCAN_RESULT_DETAIL_TYPE } from '../../lambda/shared/contracts/received-files';
import { encryptedDeadLetterQueue, hardenedFunction } from '../core/hardened-function';
import { topicTarget } from '../core/topic-publisher';
import { allowEventBridgeDeadLetters, allowLogGroups } from '../core/managed-key';
import { nagText } from '../nag/finding-text';

const HANDLER = path.join(__dirname, '..', '..', 'lambda', 'received-files', 'handler.ts');

export interface ScanResultRoutingProps {
  readonly uploadBucket: { readonly bucket: s3.IBucket; readonly key: kms.IKey };
  readonly quarantineBucket: { readonly bucket: s3.IBucket; readonly key: kms.IKey };
  /** Days objects stay in the upload bucket (quoted in log lines and notifications). */
  readonly uploadRetentionDays: number;
  /** The alarm topic (SNS, customer-managed key) told of every result that is not clean. */
  readonly alarmTopic: sns.ITopic;
  /** Key of the function's log group and the dead-letter queue. */
  readonly encryptionKey: kms.IKey;
  /** The function runs here and reaches S3 through the VPC's gateway endpoint. */
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  /** The shared policy with the resourceless actions of functions in the VPC (X-Ray, network interfaces). */
  readonly resourcelessActions: iam.IManagedPolicy;
}

/**
 * Scan results routed by EventBridge (FILE-1). Two rules on GuardDuty's "Object Scan Result"
 * events for the upload bucket:
 * - every result → the mover function: THREATS_FOUND versions are moved to the quarantine bucket;
 *   every result is logged as one JSON line (clean ones as "released": GuardDuty's tag alone makes
 *   them readable);
 * - every result but NO_THREATS_FOUND → the alarm topic, with bucket, key, status and threats.
 *   UNSUPPORTED, ACCESS_DENIED and FAILED objects never get the clean tag: they stay unreadable
 *   and expire with the upload bucket; the notification tells the security team.
 * Undeliverable events and failed invocations land in the dead-letter queue. The construct makes
 * no alarm: the Monitoring stack alarms on `deadLetterQueue` and `moverFunction` (`ReceivedFilesAlarms`).
 */
export class ScanResultRouting extends Construct {
  public readonly moverFunction: NodejsFunction;
  public readonly moverRole: iam.Role;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly resultRule: events.Rule;
  public readonly alertRule: events.Rule;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: ScanResultRoutingProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const key = props.encryptionKey;
    allowLogGroups(key);
    allowEventBridgeDeadLetters(key);

    this.deadLetterQueue = encryptedDeadLetterQueue(this, 'DeadLetters', key, 'both rules and of the mover function');

    // Only S3 is called (through the gateway endpoint; KMS is used by S3 on the function's behalf).
    // The S3 prefix list cannot be named without a lookup, so HTTPS is open as for the app tier:
    // anything but the endpoints leaves through NAT into the firewall's domain allowlist.
    this.securityGroup = new ec2.SecurityGroup(this, 'MoverSecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'Received-files mover: HTTPS to S3 through the gateway endpoint, nothing inbound',
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to S3 (gateway endpoint)');

    const upload = props.uploadBucket;
    const quarantine = props.quarantineBucket;
    const uploadObjects = upload.bucket.arnForObjects('*');
    const quarantineObjects = quarantine.bucket.arnForObjects(`${QUARANTINE_PREFIX}*`);
    const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } };
    const mover = hardenedFunction(this, 'Mover', {
      entry: HANDLER,
      description: 'Moves infected received files to quarantine and logs every malware scan result',
      // A server-side copy of up to 5 GiB (the largest upload allowed) can take minutes.
      timeout: Duration.minutes(5),
      memorySize: 256,
      environment: {
        [ENV.uploadBucket]: upload.bucket.bucketName,
        [ENV.quarantineBucket]: quarantine.bucket.bucketName,
        [ENV.uploadRetentionDays]: String(props.uploadRetentionDays),
      },
      statements: [
        // Copy the exact scanned version, then delete that version: never the current object by name.
        new iam.PolicyStatement({ actions: ['s3:GetObjectVersion', 's3:DeleteObjectVersion'], resources: [uploadObjects] }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [upload.key.keyArn], conditions: viaS3 }),
        // Write and list the quarantine, never read it: a listing tells a redelivery the copy exists.
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [quarantineObjects] }),
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [quarantine.bucket.bucketArn] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [quarantine.key.keyArn], conditions: viaS3 }),
      ],
      encryptionKey: key,
      keyViaServices: ['sqs'],
      deadLetterQueue: this.deadLetterQueue,
      // Results arrive one per upload; ten moves at once bound the S3 and KMS rate this adds.
      reservedConcurrentExecutions: 10,
      resourcelessActions: props.resourcelessActions,
      extraWildcards: [
        {
          finding: `Resource::${nagText(this, uploadObjects)}`,
          reason: 'The mover copies and deletes the infected version GuardDuty names, whose key is not known in advance; the statement is limited to the upload bucket and to versioned reads and deletes.',
        },
        {
          finding: `Resource::${nagText(this, quarantineObjects)}`,
          reason: 'Infected files are written under the quarantine prefix with keys derived from the scanned object; the statement allows writing there only, not reading.',
        },
      ],
      vpc: { vpc: props.vpc, subnets: props.subnets, securityGroups: [this.securityGroup] },
    });
    this.moverFunction = mover.function;
    this.moverRole = mover.role;

    const results = (statuses: string[]) => ({
      source: ['aws.guardduty'],
      detailType: [SCAN_RESULT_DETAIL_TYPE],
      detail: {
        s3ObjectDetails: { bucketName: [upload.bucket.bucketName] },
        scanResultDetails: { scanResultStatus: statuses },
      },
    });
    const delivery = { deadLetterQueue: this.deadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(24) };
    this.resultRule = new events.Rule(this, 'ResultRule', {
      description: 'Every malware scan result of the upload bucket to the mover (quarantine and log)',
      eventPattern: results(Object.values(SCAN_RESULT)),
      targets: [new targets.LambdaFunction(this.moverFunction, delivery)],
    });

    const field = (p: string) => events.EventField.fromPath(p);
    const message = events.RuleTargetInput.fromText(
      `Received file s3://${field('$.detail.s3ObjectDetails.bucketName')}/${field('$.detail.s3ObjectDetails.objectKey')} ` +
        `(version ${field('$.detail.s3ObjectDetails.versionId')}): malware scan result ${field('$.detail.scanResultDetails.scanResultStatus')}, ` +
        `threats ${field('$.detail.scanResultDetails.threats')}. It is unreadable by the application. THREATS_FOUND: moved to ` +
        `s3://${quarantine.bucket.bucketName}/${QUARANTINE_PREFIX} (security role only). UNSUPPORTED, ACCESS_DENIED or FAILED: ` +
        `it expires within ${props.uploadRetentionDays} days; ask the sender for another format or investigate the scan.`,
    );
    this.alertRule = new events.Rule(this, 'AlertRule', {
      description: 'Malware scan results of the upload bucket other than NO_THREATS_FOUND to the alarm topic',
      eventPattern: results(Object.values(SCAN_RESULT).filter((s) => s !== SCAN_RESULT.clean)),
      // EventBridge publishes with its own role, so the alarm topic's key policy stays as it is.
      targets: [
        topicTarget(this, 'AlertPublisher', props.alarmTopic, {
          message,
          deadLetterQueue: this.deadLetterQueue,
          description: 'EventBridge: publish malware scan alerts to the alarm topic',
        }),
      ],
    });
  }
}
