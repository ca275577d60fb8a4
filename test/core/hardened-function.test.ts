import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { encryptedDeadLetterQueue, hardenedFunction, HardenedFunctionProps, resourcelessActionsPolicy } from '../../lib/core/hardened-function';
import { managedKey } from '../../lib/core/managed-key';
import { blockStack, resourcesOf, templateOf } from './support';

// lib/core/hardened-function.ts: every Node.js function of the project is built this way.
const ENTRY = path.join(__dirname, '../../lambda/alert-log-copy/handler.ts');

function build(options: { vpc?: boolean; shared?: boolean; wildcardReason?: string } = {}) {
  const stack = blockStack();
  const key = managedKey(stack, 'Key', { purpose: 'functions', alias: 'hardened/functions' });
  const deadLetters = encryptedDeadLetterQueue(stack, 'DeadLetters', key, 'the test function');
  let vpc: HardenedFunctionProps['vpc'];
  if (options.vpc) {
    const network = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    vpc = { vpc: network, subnets: { subnetGroupName: 'App' }, securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc: network, allowAllOutbound: false })] };
  }
  const shared = options.shared ? resourcelessActionsPolicy(stack, 'Shared', { inVpc: options.vpc ?? false, usedBy: 'tests' }) : undefined;
  const built = hardenedFunction(stack, 'Probe', {
    entry: ENTRY,
    description: 'Test function',
    timeout: Duration.seconds(30),
    memorySize: 256,
    environment: { MODE: 'test' },
    statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/key'] })],
    encryptionKey: key,
    keyViaServices: ['sqs'],
    deadLetterQueue: deadLetters,
    reservedConcurrentExecutions: 4,
    wildcardReason: 'wildcardReason' in options ? options.wildcardReason : 'X-Ray takes no resource',
    resourcelessActions: shared,
    vpc,
  });
  const template = templateOf(stack);
  const id = (c: any) => stack.getLogicalId(c.node.defaultChild ?? c);
  return { stack, template, built, ids: { key: id(key), queue: id(deadLetters), fn: id(built.function), policy: id(built.policy), logs: id(built.logGroup), role: id(built.role), shared: shared && id(shared) } };
}

describe('hardenedFunction', () => {
  const { template, ids } = build();
  const fn = template.Resources[ids.fn];
  const policyStatements = template.Resources[ids.policy].Properties.PolicyDocument.Statement;
  const dlqArn = { 'Fn::GetAtt': [ids.queue, 'Arn'] };

  test('the newest Node.js runtime on arm64, traced by X-Ray, with source maps, the size and environment given', () => {
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      MemorySize: 256,
      Timeout: 30,
      Environment: { Variables: { MODE: 'test', NODE_OPTIONS: '--enable-source-maps' } },
    });
  });

  test('reserves the concurrency asked for; asynchronous failures go to the dead-letter queue after 2 retries within 6 hours', () => {
    expect(fn.Properties).toMatchObject({ ReservedConcurrentExecutions: 4, DeadLetterConfig: { TargetArn: dlqArn } });
    const [[, invoke]] = resourcesOf(template, 'AWS::Lambda::EventInvokeConfig');
    expect(invoke.Properties).toMatchObject({ FunctionName: { Ref: ids.fn }, MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600, DestinationConfig: { OnFailure: { Destination: dlqArn } } });
  });

  test('logs to its own group, encrypted with the key, kept 3 years and retained', () => {
    expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: ids.logs } });
    expect(template.Resources[ids.logs]).toMatchObject({ DeletionPolicy: 'Retain', Properties: { RetentionInDays: 1096, KmsKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] } } });
  });

  test('the dead-letter queue is KMS-encrypted with the key, TLS-only, kept 14 days and retained', () => {
    const queue = template.Resources[ids.queue];
    expect(queue).toMatchObject({ DeletionPolicy: 'Retain', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] }, MessageRetentionPeriod: 1209600 } });
    const [[, queuePolicy]] = resourcesOf(template, 'AWS::SQS::QueuePolicy');
    expect(queuePolicy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  test('one customer-managed policy: the statements given, its log group, the queue, the key through the named services, X-Ray; no inline or AWS-managed policy', () => {
    expect(policyStatements).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/key' },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [ids.logs, 'Arn'] } },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: dlqArn },
      expect.objectContaining({ Resource: { 'Fn::GetAtt': [ids.key, 'Arn'] }, Condition: { StringEquals: { 'kms:ViaService': ['sqs.ap-northeast-1.amazonaws.com'] } } }),
      { Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
    ]);
    expect(template.Resources[ids.policy].Properties.Roles).toEqual([{ Ref: ids.role }]);
    expect(template.Resources[ids.role].Properties.ManagedPolicyArns).toBeUndefined();
    expect(resourcesOf(template, 'AWS::IAM::Policy')).toEqual([]);
    expect(fn.DependsOn).toContain(ids.policy);
  });

  test('outside a VPC unless given one; in one, it runs in the subnets and groups given, with the ENI actions', () => {
    expect(fn.Properties.VpcConfig).toBeUndefined();
    expect(JSON.stringify(policyStatements)).not.toContain('ec2:');
    const inVpc = build({ vpc: true });
    const p = inVpc.template.Resources[inVpc.ids.fn].Properties;
    const appSubnets = resourcesOf(inVpc.template, 'AWS::EC2::Subnet').map(([id]) => ({ Ref: id }));
    expect(p.VpcConfig.SubnetIds).toEqual(appSubnets);
    expect(p.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [resourcesOf(inVpc.template, 'AWS::EC2::SecurityGroup')[0][0], 'GroupId'] }]);
    expect(JSON.stringify(inVpc.template.Resources[inVpc.ids.policy].Properties.PolicyDocument)).toContain('ec2:CreateNetworkInterface');
  });

  test('with a shared resourceless policy the "*" actions leave its own policy, and the role attaches the shared one', () => {
    const shared = build({ shared: true, vpc: true, wildcardReason: undefined });
    const own = JSON.stringify(shared.template.Resources[shared.ids.policy].Properties.PolicyDocument);
    expect(own).not.toContain('"*"');
    expect(shared.template.Resources[shared.ids.role].Properties.ManagedPolicyArns).toEqual([{ Ref: shared.ids.shared }]);
    const sharedText = JSON.stringify(shared.template.Resources[shared.ids.shared!].Properties.PolicyDocument);
    for (const action of ['xray:PutTraceSegments', 'ec2:CreateNetworkInterface']) expect(sharedText).toContain(action);
    expect(shared.template.Resources[shared.ids.fn].DependsOn).toEqual(expect.arrayContaining([shared.ids.policy, shared.ids.shared]));
  });

  test('refuses a policy with "*" and no reason for it', () => {
    expect(() => build({ wildcardReason: undefined })).toThrow(/give wildcardReason/);
  });
});
