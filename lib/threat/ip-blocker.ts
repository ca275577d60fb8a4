import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_OFFENCE_POLICY, ENV, METRIC, OffencePolicy, TABLE } from '../../lambda/shared/contracts/ip-blocker';
import { offencePolicyProblems } from './offence-policy';
import { encryptedDeadLetterQueue, hardenedFunction, resourcelessActionsPolicy } from '../core/hardened-function';
import { nagText } from '../nag/finding-text';
import { allowEventBridgeDeadLetters, allowLogGroups } from '../core/managed-key';
import { parseCidr } from '../../lambda/shared/cidr';

const LAMBDA_DIR = path.join(__dirname, '..', '..', 'lambda', 'ip-blocker');

/** How often the reconciler runs (expiry, restore, sweep of missed findings). */
export const RECONCILE_EVERY = Duration.minutes(10);

export interface IpBlockerProps {
  /**
   * REGIONAL IPv4 IP set the web ACL blocks. The functions own its contents: keep its template
   * address list empty and constant, or every stack update would write the template's list back.
   */
  readonly ipv4Set: wafv2.CfnIPSet;
  /** REGIONAL IPv6 IP set the web ACL blocks; same rule as `ipv4Set`. */
  readonly ipv6Set: wafv2.CfnIPSet;
  /** CIDRs never blocked (admin and office allowlists, health checkers), IPv4 or IPv6. */
  readonly neverBlock: string[];
  /** Our own network ranges (VPC CIDRs), never blocked. */
  readonly ownCidrs: string[];
  /** How long an address stays blocked after its last offence; from 1 hour to 365 days. */
  readonly blockTtl: Duration;
  /** Lowest GuardDuty severity that triggers a block, from 1 to 10 (7 = high). */
  readonly minSeverity: number;
  /**
   * Which log offences count and how many in what window block an address.
   * @default - IPS drops: 1 in 1 hour; WAF managed-group and admin-path blocks: 5 in 10 minutes
   */
  readonly offencePolicy?: OffencePolicy;
  /**
   * The log groups whose offences reach the blocker through subscription filters: the firewall's
   * ALERT copy and the WAF log group (its name starts with `aws-waf-logs-`).
   * @default - none: GuardDuty findings only
   */
  readonly offenceLogs?: { readonly firewallAlerts?: logs.ILogGroup; readonly waf?: logs.ILogGroup };
  /**
   * How the blocker drains the offence queue: messages per batch (1 to 10,000) and how long the
   * poller may wait to fill one (up to 5 minutes).
   * @default - 1,000 messages, 10 seconds
   */
  readonly batch?: { readonly size: number; readonly window: Duration };
  /** Create the account's GuardDuty detector (false when an organisation already manages one). */
  readonly createDetector: boolean;
  /** Customer-managed key encrypting the table, the dead-letter queue and the log groups. */
  readonly encryptionKey: kms.IKey;
  /**
   * The AWS Backup plan (and its job role, which must already carry
   * AWSBackupServiceRolePolicyForBackup) the block table joins: its nightly recovery points then
   * sit in the plan's locked vault and are copied where the plan copies them.
   * @default - no AWS Backup selection (the DynamoDBInBackupPlan findings are then acknowledged)
   */
  readonly backup?: { readonly plan: backup.IBackupPlan; readonly role: iam.IRole };
  /**
   * Subnets the functions run in, so that their calls leave through the VPC's endpoints or its
   * inspected egress (the firewall's domain allowlist) like every other workload. The subnets must
   * reach DynamoDB (a gateway endpoint) and the WAF, GuardDuty and X-Ray APIs.
   * @default - outside any VPC (the LambdaInsideVPC findings are then acknowledged)
   */
  readonly placement?: {
    readonly vpc: ec2.IVpc;
    readonly subnets: ec2.SubnetSelection;
    /**
     * A policy with the resourceless actions (X-Ray, network interfaces) shared with the app's
     * other functions in the VPC.
     * @default - one of the blocker's own
     */
    readonly resourcelessActions?: iam.IManagedPolicy;
  };
}

/**
 * GuardDuty → WAF IP blocker (controls MON-3 and MON-4): an EventBridge rule sends each
 * finding at or above `minSeverity` to the blocker, which records the attacker addresses with
 * an expiry in a DynamoDB table and adds them to the WAF IP sets; a scheduled reconciler
 * removes expired blocks, restores missing ones and sweeps findings whose event was lost.
 */
export class IpBlocker extends Construct {
  /** One item per blocked address with its expiry: the source of truth the sets are rebuilt from. */
  public readonly table: dynamodb.Table;
  public readonly blockerFunction: NodejsFunction;
  public readonly reconcilerFunction: NodejsFunction;
  /** Events the rules could not deliver, invocations that failed all retries, offences that failed every receive. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Offences (from the logs, through the intake) waiting for the blocker's next batch. */
  public readonly offenceQueue: sqs.Queue;
  /** Subscription filters' destination: log offences → the offence queue. */
  public readonly intakeFunction: NodejsFunction;
  /** Offence queue → blocker, in batches (EventBridge Pipes). */
  public readonly offencePipe: pipes.CfnPipe;
  /** The subscription filters on the offence log groups. */
  public readonly subscriptions: logs.SubscriptionFilter[] = [];
  /** The GuardDuty detector, when `createDetector` is true. */
  public readonly detector?: guardduty.CfnDetector;
  /** GuardDuty findings at or above `minSeverity` → blocker. */
  public readonly rule: events.Rule;
  /** Every 10 minutes → reconciler. */
  public readonly reconcileSchedule: events.Rule;
  /** The table's place in the AWS Backup plan, when `backup` is given. */
  public readonly backupSelection?: backup.BackupSelection;
  /** The functions' security group (HTTPS out only), when `placement` is given. */
  public readonly securityGroup?: ec2.SecurityGroup;

  private readonly key: kms.IKey;
  private readonly placement?: IpBlockerProps['placement'];
  /** The few actions both functions need that take no resource-level permissions, in one place. */
  private readonly resourcelessActions: iam.IManagedPolicy;

  constructor(scope: Construct, id: string, props: IpBlockerProps) {
    super(scope, id);
    validateProps(props);
    const stack = Stack.of(this);
    const key = props.encryptionKey;
    this.key = key;
    this.placement = props.placement;
    if (props.placement) {
      this.securityGroup = new ec2.SecurityGroup(this, 'FunctionsSecurityGroup', {
        vpc: props.placement.vpc,
        allowAllOutbound: false,
        description: 'IP blocker functions: no inbound; HTTPS out to VPC endpoints and, through the firewall allowlist, the WAF, GuardDuty and X-Ray APIs',
      });
      this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs (VPC endpoints, or NAT and the firewall allowlist)');
    }
    this.resourcelessActions =
      props.placement?.resourcelessActions ??
      resourcelessActionsPolicy(this, 'ResourcelessActions', { inVpc: props.placement !== undefined, usedBy: 'the IP blocker functions' });

    this.table = new dynamodb.Table(this, 'Blocks', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // A backstop: the reconciler deletes expired items itself, on time.
      timeToLiveAttribute: TABLE.expiryAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE.expiryIndex,
      partitionKey: { name: TABLE.versionAttribute, type: dynamodb.AttributeType.NUMBER },
      sortKey: { name: TABLE.expiryAttribute, type: dynamodb.AttributeType.NUMBER },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: ['findingId', 'findingType', 'severity'],
    });
    if (props.backup) {
      this.backupSelection = new backup.BackupSelection(this, 'BlocksBackup', {
        backupPlan: props.backup.plan,
        resources: [backup.BackupResource.fromDynamoDbTable(this.table)],
        role: props.backup.role,
        // The plan's role carries the AWS Backup policy already; adding it again would list it twice.
        disableDefaultBackupPolicy: true,
      });
    } else {
      acknowledge(this.table, ['NIST.800.53.R5-DynamoDBInBackupPlan', 'HIPAA.Security-DynamoDBInBackupPlan'],
        'Built without a backup plan: the table holds short-lived derived state (addresses blocked for at most the block TTL) that the reconciler rebuilds from GuardDuty findings, and point-in-time recovery covers its 35-day history. Give the construct a backup plan to keep locked, off-site recovery points as well.');
    }

    this.deadLetterQueue = encryptedDeadLetterQueue(this, 'DeadLetters', key, 'the EventBridge targets, of the functions and of the offence queue');
    const blockerTimeout = Duration.seconds(60);
    this.offenceQueue = new sqs.Queue(this, 'Offences', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      // The KMS data key is reused for 5 minutes: one GenerateDataKey per 5 minutes, not per offence.
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
      // Lambda's advice: at least six times the function's timeout, so a throttled batch is not
      // received again while it still runs. https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
      visibilityTimeout: Duration.seconds(blockerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      // Ten receives: a batch throttled by WAF (or by the blocker's reserved concurrency) is tried
      // again several visibility timeouts later before it is dead-lettered (and alarmed).
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 10 },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The key's users: CloudWatch Logs for the log groups, EventBridge for dead letters.
    allowLogGroups(key);
    allowEventBridgeDeadLetters(key);

    if (props.createDetector) {
      this.detector = new guardduty.CfnDetector(this, 'Detector', {
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        features: [
          { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
          { name: 'RDS_LOGIN_EVENTS', status: 'ENABLED' },
          { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }] },
          { name: 'EBS_MALWARE_PROTECTION', status: 'ENABLED' },
        ],
      });
    }

    const environment: Record<string, string> = {
      [ENV.tableName]: this.table.tableName,
      [ENV.ipv4SetArn]: props.ipv4Set.attrArn,
      [ENV.ipv6SetArn]: props.ipv6Set.attrArn,
      [ENV.blockTtlSeconds]: String(props.blockTtl.toSeconds()),
      [ENV.minSeverity]: String(props.minSeverity),
      [ENV.neverBlock]: props.neverBlock.join(','),
      [ENV.ownCidrs]: props.ownCidrs.join(','),
      [ENV.metricsNamespace]: DEFAULT_METRICS_NAMESPACE,
      [ENV.offencePolicy]: JSON.stringify(props.offencePolicy ?? DEFAULT_OFFENCE_POLICY),
    };
    const setArns = [props.ipv4Set.attrArn, props.ipv6Set.attrArn];
    const tableArn = this.table.tableArn;

    this.blockerFunction = this.createFunction('Blocker', {
      entry: 'blocker-handler.ts',
      description: 'Blocks the attacker addresses of a GuardDuty finding in the WAF IP sets',
      timeout: blockerTimeout,
      memorySize: 512,
      environment,
      statements: [
        new iam.PolicyStatement({ actions: ['wafv2:GetIPSet', 'wafv2:UpdateIPSet'], resources: setArns }),

        new iam.PolicyStatement({
          actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          resources: [tableArn],
        }),
        new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${tableArn}/index/${TABLE.expiryIndex}`] }),
      ],
    });

    const detectorArn = (detectorId: string) => stack.formatArn({ service: 'guardduty', resource: 'detector', resourceName: detectorId });
    this.reconcilerFunction = this.createFunction('Reconciler', {
      entry: 'reconciler-handler.ts',
      description: 'Expires, restores and sweeps the blocks of the GuardDuty IP blocker',
      timeout: Duration.minutes(5),
      memorySize: 1024,
      environment: { ...environment, [ENV.detectorId]: this.detector?.attrId ?? '' },
      statements: [
        new iam.PolicyStatement({ actions: ['wafv2:GetIPSet', 'wafv2:UpdateIPSet'], resources: setArns }),
        new iam.PolicyStatement({
          actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan'],
          resources: [tableArn],
        }),
        // Only without a detector of our own: the reconciler then lists the account's detectors.
        ...(this.detector ? [] : [new iam.PolicyStatement({ actions: ['guardduty:ListDetectors'], resources: ['*'] })]),
        new iam.PolicyStatement({
          actions: ['guardduty:ListFindings', 'guardduty:GetFindings'],
          resources: [detectorArn(this.detector?.attrId ?? '*')],
        }),
      ],
      extraWildcards: this.detector ? [] : ['Resource::*', `Resource::${nagText(this, detectorArn('*'))}`],
    });

    this.offencePipe = this.drainQueue(props.batch ?? { size: 1000, window: Duration.seconds(10) });

    this.intakeFunction = this.createFunction('Intake', {
      entry: 'intake-handler.ts',
      description: 'Queues the offences in firewall ALERT and WAF log deliveries for the IP blocker',
      timeout: Duration.seconds(60),
      memorySize: 256,
      environment: {
        [ENV.queueUrl]: this.offenceQueue.queueUrl,
        [ENV.offencePolicy]: environment[ENV.offencePolicy],
        [ENV.metricsNamespace]: DEFAULT_METRICS_NAMESPACE,
      },
      statements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.offenceQueue.queueArn] })],
      keyViaServices: ['sqs'],
      // Deliveries come in parallel from two log groups; the queue absorbs them.
      reservedConcurrentExecutions: 2,
    });
    const subscribe = (id: string, group: logs.ILogGroup | undefined, pattern: logs.IFilterPattern) => {
      if (!group) return;
      this.subscriptions.push(new logs.SubscriptionFilter(this, id, { logGroup: group, destination: new LambdaDestination(this.intakeFunction), filterPattern: pattern }));
    };
    // Only the lines that can be offences leave CloudWatch Logs; the intake classifies the rest.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
    subscribe('FirewallAlertSubscription', props.offenceLogs?.firewallAlerts, logs.FilterPattern.stringValue('$.event.alert.action', '=', 'blocked'));
    subscribe('WafBlockSubscription', props.offenceLogs?.waf, logs.FilterPattern.stringValue('$.action', '=', 'BLOCK'));

    const deliver = (fn: lambda.IFunction, retryAttempts: number, maxEventAge: Duration) =>
      new targets.LambdaFunction(fn, { deadLetterQueue: this.deadLetterQueue, retryAttempts, maxEventAge });
    this.rule = new events.Rule(this, 'FindingRule', {
      description: `GuardDuty findings of severity ${props.minSeverity} or more to the IP blocker`,
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        detail: { severity: events.Match.greaterThanOrEqual(props.minSeverity) },
      },
      targets: [deliver(this.blockerFunction, 8, Duration.hours(24))],
    });
    this.reconcileSchedule = new events.Rule(this, 'ReconcileSchedule', {
      description: 'Runs the IP blocker reconciler',
      schedule: events.Schedule.rate(RECONCILE_EVERY),
      targets: [deliver(this.reconcilerFunction, 2, RECONCILE_EVERY)],
    });
  }

  /** A metric the functions emit (Embedded Metric Format), summed per minute. */
  public metric(name: (typeof METRIC)[keyof typeof METRIC], fn: 'blocker' | 'reconciler' | 'intake' = 'blocker', options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: DEFAULT_METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { Function: fn },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(1),
      ...options,
    });
  }

  /** Addresses in one IP set after each write (maximum per minute). */
  public metricSetSize(version: 4 | 6, fn: 'blocker' | 'reconciler' = 'blocker'): cloudwatch.Metric {
    return this.metric(METRIC.setSize, fn, { dimensionsMap: { Function: fn, IpVersion: `IPv${version}` }, statistic: cloudwatch.Stats.MAXIMUM });
  }

  /**
   * Blocks evicted early because an IP set was full (WAF's 10,000 addresses), summed per minute:
   * an attacker blocked for less than the block TTL. The construct makes no alarm; the
   * Monitoring stack alarms on this, the functions' errors and the dead-letter queue.
   */
  public metricEvictions(): cloudwatch.Metric {
    return this.metric(METRIC.evicted, 'blocker', { label: 'Blocks evicted (IP set full)' });
  }

  private createFunction(
    id: string,
    o: {
      entry: string;
      description: string;
      timeout: Duration;
      memorySize: number;
      environment: Record<string, string>;
      statements: iam.PolicyStatement[];
      extraWildcards?: string[];
      keyViaServices?: string[];
      reservedConcurrentExecutions?: number;
    },
  ): NodejsFunction {
    const fn = hardenedFunction(this, id, {
      entry: path.join(LAMBDA_DIR, o.entry),
      description: o.description,
      timeout: o.timeout,
      memorySize: o.memorySize,
      environment: o.environment,
      statements: o.statements,
      encryptionKey: this.key,
      keyViaServices: o.keyViaServices ?? ['dynamodb', 'sqs'],
      deadLetterQueue: this.deadLetterQueue,
      // One invocation at a time: WAF accepts about one Update call per second per account and
      // region, and a single writer never meets its own stale LockToken. Bursts wait in
      // Lambda's asynchronous queue (up to maxEventAge) or in the offence queue.
      reservedConcurrentExecutions: o.reservedConcurrentExecutions ?? 1,
      resourcelessActions: this.resourcelessActions,
      ...(this.placement ? { vpc: { ...this.placement, securityGroups: [this.securityGroup!] } } : {}),
      extraWildcards: (o.extraWildcards ?? []).map((finding) => ({
        finding,
        reason:
          finding === 'Resource::*'
            ? "guardduty:ListDetectors takes no resource-level permissions; without a detector of its own (createDetector false) the reconciler must list the account's detectors to find the one to read."
            : 'The detector is managed outside this stack (createDetector false), so its id is unknown here; ListFindings/GetFindings are limited to detectors of this account and region.',
      })),
    }).function;
    if (!this.placement) {
      acknowledge(fn, ['NIST.800.53.R5-LambdaInsideVPC', 'HIPAA.Security-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC'],
        'Built without a placement: the function only calls regional AWS APIs (WAF, DynamoDB, GuardDuty, CloudWatch Logs, X-Ray) and serves no network clients. Give the construct a placement to run it in the VPC behind the firewall.');
    }
    return fn;
  }

  /**
   * Feeds the offence queue to the blocker in batches through an EventBridge pipe: it polls the
   * queue, waits up to `window` to fill a batch of up to `size` messages, invokes the blocker
   * synchronously with the batch (a JSON array of SQS messages) and deletes what succeeded; the
   * blocker names the failed messages (`batchItemFailures`), which return to the queue and, after
   * its maxReceiveCount, go to the dead-letter queue. A pipe rather than a Lambda event source
   * mapping: the mapping's on-failure destination, which the Serverless pack asks for, does not
   * exist for SQS sources (the queue's redrive policy is SQS's dead-letter mechanism).
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-batching-concurrency.html#pipes-partial-batch-failure
   */
  private drainQueue(batch: { size: number; window: Duration }): pipes.CfnPipe {
    const role = new iam.Role(this, 'OffencePipeRole', {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'IP blocker: reads the offence queue and invokes the blocker with each batch',
    });
    const policy = new iam.ManagedPolicy(this, 'OffencePipePolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], resources: [this.offenceQueue.queueArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [this.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(this).region}.amazonaws.com` } },
        }),
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.blockerFunction.functionArn] }),
      ],
    });
    const pipe = new pipes.CfnPipe(this, 'OffencePipe', {
      description: 'Offence queue to the IP blocker, in batches',
      roleArn: role.roleArn,
      source: this.offenceQueue.queueArn,
      sourceParameters: { sqsQueueParameters: { batchSize: batch.size, maximumBatchingWindowInSeconds: batch.window.toSeconds() } },
      target: this.blockerFunction.functionArn,
      targetParameters: { lambdaFunctionParameters: { invocationType: 'REQUEST_RESPONSE' } },
    });
    // The pipe checks its permissions when it is created.
    pipe.node.addDependency(policy);
    return pipe;
  }
}

function acknowledge(construct: IConstruct, ids: string[], reason: string): void {
  for (const id of ids) Validations.of(construct).acknowledge({ id, reason });
}

/** Misuse is reported at construction, every problem at once. */
function validateProps(props: IpBlockerProps): void {
  const problems: string[] = [];
  const cidrs = (field: string, list: string[]) => {
    list.forEach((text, i) => {
      if (Token.isUnresolved(text)) return; // judged by the functions at load
      const cidr = parseCidr(text);
      if (!cidr) problems.push(`${field}[${i}]: got ${JSON.stringify(text)}; expected an IPv4 or IPv6 CIDR such as "203.0.113.0/24"`);
      else if (cidr.prefixLength === 0) problems.push(`${field}[${i}]: got ${JSON.stringify(text)}; a /0 would protect every address and block nothing`);
    });
  };
  cidrs('neverBlock', props.neverBlock);
  cidrs('ownCidrs', props.ownCidrs);
  // A token (an Elastic IP of this app, known at deploy time) is counted at a /32's length.
  const envLength = (list: string[]) => list.map((c) => (Token.isUnresolved(c) ? 18 : c.length + 1)).reduce((a, b) => a + b, 0);
  const envChars = envLength(props.neverBlock) + envLength(props.ownCidrs);
  if (envChars > 3000) problems.push(`neverBlock and ownCidrs: ${envChars} characters; at most 3000 fit in the functions' environment (4 KB in all)`);
  if (!Token.isUnresolved(props.blockTtl.toSeconds({ integral: false }))) {
    const seconds = props.blockTtl.toSeconds();
    if (seconds < 3600 || seconds > 365 * 86400) problems.push(`blockTtl: got ${props.blockTtl.toHumanString()}; expected from 1 hour to 365 days`);
  }
  if (!(props.minSeverity >= 1 && props.minSeverity <= 10)) problems.push(`minSeverity: got ${props.minSeverity}; expected a GuardDuty severity from 1 to 10 (7 = high)`);
  const checkSet = (field: string, set: wafv2.CfnIPSet, version: 'IPV4' | 'IPV6') => {
    if (!Token.isUnresolved(set.ipAddressVersion) && set.ipAddressVersion !== version) {
      problems.push(`${field}: got an ${set.ipAddressVersion} IP set; expected ${version}`);
    }
    if (!Token.isUnresolved(set.scope) && set.scope !== 'REGIONAL') problems.push(`${field}: got scope ${set.scope}; expected REGIONAL (the web ACL protects an ALB)`);
    if (!Token.isUnresolved(set.addresses) && Array.isArray(set.addresses) && set.addresses.length > 0) {
      problems.push(`${field}: the template lists ${set.addresses.length} address(es); keep it empty, or each stack update overwrites the blocks`);
    }
  };
  checkSet('ipv4Set', props.ipv4Set, 'IPV4');
  checkSet('ipv6Set', props.ipv6Set, 'IPV6');
  if (props.ipv4Set === props.ipv6Set) problems.push('ipv4Set and ipv6Set: the same IP set; each IP version needs its own');
  if (props.offencePolicy) problems.push(...offencePolicyProblems('offencePolicy', props.offencePolicy));
  if (props.batch) {
    if (!Number.isInteger(props.batch.size) || props.batch.size < 1 || props.batch.size > 10_000) problems.push(`batch.size: got ${props.batch.size}; expected an integer from 1 to 10000`);
    const w = props.batch.window.toSeconds();
    if (w > 300) problems.push(`batch.window: got ${props.batch.window.toHumanString()}; expected at most 5 minutes`);
    if (props.batch.size > 10 && w < 1) problems.push(`batch.window: got ${props.batch.window.toHumanString()}; a batch of more than 10 messages needs a window of at least 1 second (Lambda's rule)`);
  }
  if (problems.length > 0) throw new Error(`Invalid IpBlocker props:\n- ${problems.join('\n- ')}`);
}
