import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../lambda/shared/contracts/alert-log-copy';
import { encryptedLogGroup } from '../core/encrypted-log-group';
import { encryptedDeadLetterQueue, hardenedFunction } from '../core/hardened-function';
import { LogArchive } from '../audit/log-archive';
import { allowEventBridgeDeadLetters, managedKey } from '../core/managed-key';
import { SUBNET_TIERS, TieredVpc } from './tiered-vpc';

const LAMBDA_DIR = path.join(__dirname, '..', '..', 'lambda', 'alert-log-copy');

export interface FirewallAlertCopyProps {
  /** The VPC: the function runs in its app subnets and reaches S3 and CloudWatch Logs through their endpoints. */
  readonly network: TieredVpc;
  /** The archive the firewall delivers its ALERT objects to; it stays their immutable record. */
  readonly logArchive: LogArchive;
  /** Key prefix of the ALERT objects (`InspectionFirewall.alertObjectPrefix`); FLOW objects must not match it. */
  readonly alertObjectPrefix: string;
  /** Name of the log group the alerts are copied to. The function's own logs go to `<name>-forwarder`. */
  readonly logGroupName: string;
  /** Days both log groups keep events: a CloudWatch retention value ≥ 1096 (LOG-1). */
  readonly retentionDays: number;
  /** Key alias prefix (project name). */
  readonly aliasPrefix: string;
  /** The shared policy with the resourceless actions of functions in the VPC (X-Ray, network interfaces). */
  readonly resourcelessActions: iam.IManagedPolicy;
}

/**
 * Makes the firewall's ALERT logs searchable in CloudWatch Logs for three years (LOG-1) while the
 * Object-Lock archive stays their immutable record. Network Firewall takes one destination per
 * log type, so the copy is made after delivery: each ALERT object written to the archive raises
 * an S3 "Object Created" event on EventBridge; a rule matching only the ALERT prefix invokes a
 * function that writes every line of the object, with its own timestamp, to the log group.
 *
 * EventBridge rather than an S3 bucket notification: a notification is part of the bucket, which
 * lives in the audit stack, and would have to name this stack's function (a dependency cycle: the
 * network stack already reads the bucket), and S3 checks the function exists when the
 * notification is set, before this stack is deployed. The bucket only switches EventBridge on.
 */
export class FirewallAlertCopy extends Construct {
  /** The searchable copy. */
  public readonly logGroup: logs.LogGroup;
  public readonly copyFunction: NodejsFunction;
  /** ALERT objects whose event could not be delivered or whose copy failed all retries. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Object Created under the ALERT prefix → the function. */
  public readonly rule: events.Rule;
  /** The function's: no inbound, HTTPS out. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Encrypts both log groups and the dead-letter queue. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: FirewallAlertCopyProps) {
    super(scope, id);
    if (!props.alertObjectPrefix.includes('/network-firewall/alert/') || !props.alertObjectPrefix.endsWith('/')) {
      throw new Error(
        `FirewallAlertCopy alertObjectPrefix: got ${JSON.stringify(props.alertObjectPrefix)}; expected the ALERT objects' prefix, "<prefix>/AWSLogs/<account>/network-firewall/alert/<region>/<firewall>/" (InspectionFirewall.alertObjectPrefix)`,
      );
    }
    const archive = props.logArchive;
    const vpc = props.network.vpc;

    // A key of its own: the archive key's policy stays as it is, and the queue needs EventBridge on its key.
    this.key = managedKey(this, 'Key', { purpose: 'firewall alert copy: log groups and dead letters', alias: `${props.aliasPrefix}/firewall-alert-copy` });
    this.logGroup = encryptedLogGroup(this, 'Alerts', { logGroupName: props.logGroupName, encryptionKey: this.key, retentionDays: props.retentionDays });
    const functionLogs = encryptedLogGroup(this, 'FunctionLogs', {
      logGroupName: `${props.logGroupName}-forwarder`,
      encryptionKey: this.key,
      retentionDays: props.retentionDays,
    });
    this.deadLetterQueue = encryptedDeadLetterQueue(this, 'DeadLetters', this.key,
      'the event rule target and of the copy function; what lands here names an ALERT object that is still in the locked archive and can be replayed');
    allowEventBridgeDeadLetters(this.key);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'Firewall alert copy function: no inbound; HTTPS out to S3 (gateway endpoint) and CloudWatch Logs (interface endpoint)',
    });
    // S3's addresses are an AWS-managed prefix list whose id only a lookup could give; the app
    // route table sends them to the gateway endpoint, CloudWatch Logs resolves to its interface
    // endpoint, and anything else would leave through NAT into the firewall's domain allowlist.
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS only: S3 via its gateway endpoint, CloudWatch Logs via its interface endpoint');

    const copy = hardenedFunction(this, 'Copy', {
      entry: path.join(LAMBDA_DIR, 'handler.ts'),
      logGroup: functionLogs,
      description: 'Copies the Network Firewall ALERT objects of the log archive to CloudWatch Logs',
      // The object is streamed: memory holds one batch (≤ 1 MiB); the size buys CPU for gunzip and JSON.
      memorySize: 1024,
      // A 75 MB object (the delivery's largest) is several hundred PutLogEvents calls.
      timeout: Duration.minutes(10),
      environment: {
        [ENV.logGroupName]: this.logGroup.logGroupName,
        [ENV.archiveBucket]: archive.bucket.bucketName,
        [ENV.alertKeyPrefix]: props.alertObjectPrefix,
      },
      statements: [
        // GetLogEvents: a repeated delivery reads the stream's newest event to skip what is stored.
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:GetLogEvents'], resources: [this.logGroup.logGroupArn] }),
      ],
      encryptionKey: this.key,
      keyViaServices: ['sqs'],
      deadLetterQueue: this.deadLetterQueue,
      // One object at a time: a repeated delivery then never races the attempt it repeats (see
      // lambda/alert-log-copy/copy.ts). The firewall writes a few objects per 5 minutes; a burst
      // waits in Lambda's asynchronous queue (up to 6 hours).
      reservedConcurrentExecutions: 1,
      resourcelessActions: props.resourcelessActions,
      vpc: { vpc, subnets: { subnetGroupName: SUBNET_TIERS.app }, securityGroups: [this.securityGroup] },
    });
    this.copyFunction = copy.function;
    // The archive's reader policy: GetObject on the ALERT prefix, Decrypt through S3.
    const reader = archive.readerPolicy('FirewallAlertReader', props.alertObjectPrefix, 'the firewall alert copy function (LOG-1)');
    // Attached from this side: the role (this stack) names the policy (audit stack), never the reverse.
    copy.role.addManagedPolicy(reader);
    archive.publishObjectEvents();
    // Lambda checks at creation that the role may read what it needs.
    this.copyFunction.node.addDependency(reader);

    this.rule = new events.Rule(this, 'AlertObjectCreated', {
      description: 'Network Firewall ALERT objects written to the log archive, to the copy function (LOG-1)',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [archive.bucket.bucketName] }, object: { key: events.Match.prefix(props.alertObjectPrefix) } },
      },
      targets: [new targets.LambdaFunction(this.copyFunction, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
  }
}
