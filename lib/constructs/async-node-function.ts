import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AsyncNodeFunctionProps {
  /** The handler module (exports `handler`). */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  /** The execution role, holding every permission itself: CDK adds none to it. */
  readonly role: iam.Role;
  /** The function's own log group (encrypted, retained). */
  readonly logGroup: logs.ILogGroup;
  /** Where an invocation lands after its retries (2) or when older than 6 hours. */
  readonly deadLetterQueue: sqs.IQueue;
  readonly reservedConcurrentExecutions: number;
  /** @default - not in a VPC */
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * A TypeScript Lambda function invoked asynchronously (by EventBridge), with the settings every
 * such function of the project shares: the newest Lambda Node.js LTS runtime on arm64
 * (AwsSolutions-L1 / Serverless-LambdaLatestVersion), X-Ray tracing, stack traces through source
 * maps, failed invocations kept in a dead-letter queue and the failure destination, and a local
 * esbuild bundle that includes the AWS SDK the lockfile pins.
 */
export function asyncNodeFunction(scope: Construct, id: string, props: AsyncNodeFunctionProps): NodejsFunction {
  return new NodejsFunction(scope, id, {
    entry: props.entry,
    handler: 'handler',
    description: props.description,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    // Stack traces point into the TypeScript sources (the bundle ships its source map).
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    role: props.role.withoutPolicyUpdates(),
    logGroup: props.logGroup,
    tracing: lambda.Tracing.ACTIVE,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    deadLetterQueue: props.deadLetterQueue,
    onFailure: new destinations.SqsDestination(props.deadLetterQueue),
    retryAttempts: 2,
    maxEventAge: Duration.hours(6),
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    securityGroups: props.securityGroups,
    bundling: {
      minify: true,
      sourceMap: true,
      target: 'node24',
      format: OutputFormat.CJS,
      bundleAwsSDK: true,
      forceDockerBundling: false,
    },
  });
}
