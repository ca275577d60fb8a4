import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface HardenedFunctionProps {
  /** Absolute path of the TypeScript handler file (exports `handler`). */
  readonly entry: string;
  /**
   * The function's own log group (encrypted, retained).
   * @default - a new one encrypted with `encryptionKey`, kept 3 years (the key must admit CloudWatch Logs: `allowLogGroups`)
   */
  readonly logGroup?: logs.LogGroup;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Record<string, string>;
  /** What the function may do besides logging, dead-lettering, using `encryptionKey` and X-Ray (added here). */
  readonly statements: iam.PolicyStatement[];
  /** Customer-managed key of the log group and the dead-letter queue. */
  readonly encryptionKey: kms.IKey;
  /** Services through which the function may use `encryptionKey` (`kms:ViaService`), e.g. `['sqs']`. */
  readonly keyViaServices: string[];
  /** Where failed asynchronous invocations go (KMS-encrypted, TLS-only). */
  readonly deadLetterQueue: sqs.IQueue;
  /** Concurrent executions reserved (and allowed) for the function. */
  readonly reservedConcurrentExecutions: number;
  /**
   * Why the statements that need `Resource: *` need it (the AwsSolutions-IAM5[Resource::*]
   * acknowledgement). Required unless `resourcelessActions` holds them.
   */
  readonly wildcardReason?: string;
  /**
   * A policy shared by several functions that holds the actions without resource-level
   * permissions (`resourcelessActionsPolicy`): attached to this role, and left out of this
   * function's own policy, so the "*" is granted and acknowledged once. It may live in another
   * stack of the same account and region (the role then names it; the policy never names roles).
   * @default - those actions are in this function's own policy
   */
  readonly resourcelessActions?: iam.IManagedPolicy;
  /** Further IAM5 findings to acknowledge, with their reasons. @default - none */
  readonly extraWildcards?: { readonly finding: string; readonly reason: string }[];
  /**
   * Runs the function in these subnets, with the ENI permissions it then needs.
   * @default - outside any VPC
   */
  readonly vpc?: { readonly vpc: ec2.IVpc; readonly subnets: ec2.SubnetSelection; readonly securityGroups: ec2.ISecurityGroup[] };
}

export interface HardenedFunction {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;
  readonly logGroup: logs.LogGroup;
}

/**
 * A Node.js function the way this project runs them: bundled locally by esbuild (no Docker), the
 * newest Lambda Node.js runtime, X-Ray, a KMS-encrypted log group kept 3 years, asynchronous
 * failures to a dead-letter queue, reserved concurrency, and one customer-managed policy that
 * writes out every permission (no AWS-managed policy, no grant CDK would add on its own).
 *
 * Construct ids under `scope` are `<id>Logs`, `<id>Role`, `<id>Policy` and `<id>Function`.
 */
export function hardenedFunction(scope: Construct, id: string, props: HardenedFunctionProps): HardenedFunction {
  const region = Stack.of(scope).region;
  const logGroup =
    props.logGroup ??
    new logs.LogGroup(scope, `${id}Logs`, {
      encryptionKey: props.encryptionKey,
      retention: logs.RetentionDays.THREE_YEARS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `${props.description} (execution role)`,
  });
  const policy = new iam.ManagedPolicy(scope, `${id}Policy`, {
    roles: [role],
    statements: [
      ...props.statements,
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.deadLetterQueue.queueArn] }),
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [props.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': props.keyViaServices.map((service) => `${service}.${region}.amazonaws.com`) } },
      }),
      ...(props.resourcelessActions ? [] : resourcelessStatements(props.vpc !== undefined)),
    ],
  });
  if (props.resourcelessActions) role.addManagedPolicy(props.resourcelessActions);
  else if (!props.wildcardReason) throw new Error(`${scope.node.path}/${id}: give wildcardReason (why its policy needs Resource "*") or a shared resourcelessActions policy`);
  const ownWildcard = props.resourcelessActions ? [] : [{ finding: 'Resource::*', reason: props.wildcardReason! }];
  for (const { finding, reason } of [...ownWildcard, ...(props.extraWildcards ?? [])]) {
    Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }

  const fn = new NodejsFunction(scope, `${id}Function`, {
    entry: props.entry,
    handler: 'handler',
    description: props.description,
    // The newest Lambda Node.js LTS runtime: AwsSolutions-L1 / Serverless-LambdaLatestVersion pass.
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    // Stack traces point into the TypeScript sources (the bundle ships its source map).
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    role: role.withoutPolicyUpdates(),
    logGroup,
    tracing: lambda.Tracing.ACTIVE,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    deadLetterQueue: props.deadLetterQueue,
    onFailure: new destinations.SqsDestination(props.deadLetterQueue),
    retryAttempts: 2,
    maxEventAge: Duration.hours(6),
    ...(props.vpc ? { vpc: props.vpc.vpc, vpcSubnets: props.vpc.subnets, securityGroups: props.vpc.securityGroups } : {}),
    bundling: {
      minify: true,
      sourceMap: true,
      target: 'node24',
      format: OutputFormat.CJS,
      bundleAwsSDK: true,
      forceDockerBundling: false,
    },
  });
  // Lambda checks at creation that the role may send to the dead-letter queue (and create ENIs).
  fn.node.addDependency(policy, ...(props.resourcelessActions ? [props.resourcelessActions] : []));
  return { function: fn, role, policy, logGroup };
}

/** The actions a function needs that take no resource-level permissions: X-Ray, and in a VPC the ENI actions. */
function resourcelessStatements(inVpc: boolean): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
    // The ENI actions of AWSLambdaVPCAccessExecutionRole, written out.
    ...(inVpc
      ? [
          new iam.PolicyStatement({
            actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
            resources: ['*'],
          }),
        ]
      : []),
  ];
}

/**
 * One policy with the resourceless actions (X-Ray; the ENI actions when `inVpc`) for several
 * functions to share (`HardenedFunctionProps.resourcelessActions`), acknowledged once.
 */
export function resourcelessActionsPolicy(scope: Construct, id: string, props: { readonly inVpc: boolean; readonly usedBy: string }): iam.ManagedPolicy {
  const policy = new iam.ManagedPolicy(scope, id, {
    description: `${props.usedBy}: the actions that take no resource-level permissions`,
    statements: resourcelessStatements(props.inVpc),
  });
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: `This policy holds only actions that support no resource-level permissions: xray:PutTraceSegments and xray:PutTelemetryRecords${props.inVpc ? ', and the network-interface actions Lambda needs to run a function in the VPC (those of AWSLambdaVPCAccessExecutionRole)' : ''}. Every other permission of ${props.usedBy} is scoped to named resources in its own policy.`,
  });
  return policy;
}

/**
 * A dead-letter queue for events and invocations: KMS-encrypted with `key`, TLS-only, kept
 * 14 days and retained. It is the end of the line, which the Serverless pack's redrive rule
 * cannot tell: `usedBy` says for whom, in the acknowledgement's reason.
 */
export function encryptedDeadLetterQueue(scope: Construct, id: string, key: kms.IKey, usedBy: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(queue).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason: `This queue is itself the dead-letter queue of ${usedBy}; it is watched by an alarm and has nowhere further to redrive.`,
  });
  return queue;
}
