import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { IpBlocker, IpBlockerProps } from '../../lib/threat/ip-blocker';
import { standInApp } from '../support/context';

interface Built {
  stack: Stack;
  template: Template;
  blocker: IpBlocker;
  v4: wafv2.CfnIPSet;
  v6: wafv2.CfnIPSet;
}

function standInVpc(app: App): ec2.IVpc {
  const network = new Stack(app, 'Network', { env: { account: '123456789012', region: 'ap-northeast-1' } });
  return new ec2.Vpc(network, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

/** A small stack: a rotating key, the two REGIONAL sets and the construct. */
function build(overrides: Partial<IpBlockerProps> = {}, inVpc = false): Built {
  // Schema validation (about 3 s to load per test file) runs on the shared default assembly.
  const app = standInApp();
  const stack = new Stack(app, 'Threat', { env: { account: '123456789012', region: 'ap-northeast-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const v4 = new wafv2.CfnIPSet(stack, 'BlockedV4', { scope: 'REGIONAL', ipAddressVersion: 'IPV4', addresses: [] });
  const v6 = new wafv2.CfnIPSet(stack, 'BlockedV6', { scope: 'REGIONAL', ipAddressVersion: 'IPV6', addresses: [] });
  const blocker = new IpBlocker(stack, 'IpBlocker', {
    ipv4Set: v4,
    ipv6Set: v6,
    neverBlock: ['203.0.113.0/24', '2001:db8:1::/48'],
    ownCidrs: ['10.20.0.0/16', '10.21.0.0/16'],
    blockTtl: Duration.hours(24),
    minSeverity: 7,
    createDetector: true,
    encryptionKey: key,
    // The fully configured fixture runs in a stand-in VPC of its own stack (the packs judge only this one).
    placement: inVpc ? { vpc: standInVpc(app), subnets: { subnetGroupName: 'App' } } : undefined,
    ...overrides,
  });
  return { stack, template: Template.fromStack(stack), blocker, v4, v6 };
}

const PACKS = () => [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks(), new ServerlessChecks()];

function violations(stack: Stack): string[] {
  return PACKS().flatMap((pack) =>
    pack.validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath ?? r.resourceLogicalId}`)),
  );
}

let built: Built;
let noDetector: Built;

beforeAll(() => {
  built = build({}, true);
  noDetector = build({ createDetector: false });
});

const logicalId = (b: Built, c: { node: { defaultChild?: unknown } } | object) => b.stack.getLogicalId(((c as any).node.defaultChild ?? c) as any);

describe('IpBlocker', () => {
  // Runtime, architecture, tracing and async retries of every function: test/core/hardened-function.test.ts.
  test('both functions: one at a time, dead letters to the blocker\'s queue, logging to a group of their own', () => {
    const { template, blocker } = built;
    const dlqArn = { 'Fn::GetAtt': [logicalId(built, blocker.deadLetterQueue), 'Arn'] };
    for (const fn of [blocker.blockerFunction, blocker.reconcilerFunction]) {
      const id = logicalId(built, fn);
      template.hasResource('AWS::Lambda::Function', {
        Properties: Match.objectLike({
          ReservedConcurrentExecutions: 1,
          DeadLetterConfig: { TargetArn: dlqArn },
          LoggingConfig: { LogGroup: Match.anyValue() },
        }),
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: id },
        DestinationConfig: { OnFailure: { Destination: dlqArn } },
      });
    }
  });

  test('environment: the set ARNs, the table, the TTL and the protected ranges', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          IPV4_SET_ARN: { 'Fn::GetAtt': [logicalId(built, built.v4), 'Arn'] },
          IPV6_SET_ARN: { 'Fn::GetAtt': [logicalId(built, built.v6), 'Arn'] },
          TABLE_NAME: { Ref: logicalId(built, built.blocker.table) },
          BLOCK_TTL_SECONDS: '86400',
          MIN_SEVERITY: '7',
          NEVER_BLOCK: '203.0.113.0/24,2001:db8:1::/48',
          OWN_CIDRS: '10.20.0.0/16,10.21.0.0/16',
        }),
      },
    });
  });

  test('least privilege: WAF actions only on the two IP sets, no AWS-managed policies, no inline policies', () => {
    const { template } = built;
    const setArns = [{ 'Fn::GetAtt': [logicalId(built, built.v4), 'Arn'] }, { 'Fn::GetAtt': [logicalId(built, built.v6), 'Arn'] }];
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const waf = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('wafv2:')));
    expect(waf).toHaveLength(2);
    for (const s of waf) {
      expect(s.Action).toEqual(['wafv2:GetIPSet', 'wafv2:UpdateIPSet']);
      expect(s.Resource).toEqual(setArns);
    }
    for (const s of statements) {
      for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*/);
    }
    expect(template.findResources('AWS::IAM::Policy')).toEqual({});
    // A role may name a policy (the shared resourceless actions), but only one of this template.
    const customerManaged = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    for (const role of Object.values(template.findResources('AWS::IAM::Role')) as any[]) {
      for (const arn of role.Properties.ManagedPolicyArns ?? []) expect(customerManaged).toContain(arn.Ref);
      expect(role.Properties.Policies).toBeUndefined();
    }
  });

  /** Every action granted to a function's role, over all the managed policies attached to it. */
  const actionsOf = (b: Built, fn: any): string[] => {
    const roleId = b.stack.getLogicalId(fn.role.node.defaultChild ?? (fn.role as any).role?.node.defaultChild);
    return Object.values(b.template.findResources('AWS::IAM::ManagedPolicy'))
      .filter((p: any) => (p.Properties.Roles ?? []).some((r: any) => r.Ref === roleId))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()));
  };

  test('only the reconciler reads GuardDuty and scans the table; the blocker queries the expiry index', () => {
    const { blocker } = built;
    const blockerActions = actionsOf(built, blocker.blockerFunction);
    const reconcilerActions = actionsOf(built, blocker.reconcilerFunction);
    expect(blockerActions.filter((a: string) => a.startsWith('guardduty:'))).toEqual([]);
    expect(blockerActions).not.toContain('dynamodb:Scan');
    expect(blockerActions).toContain('dynamodb:Query');
    expect(reconcilerActions).toEqual(expect.arrayContaining(['guardduty:ListFindings', 'guardduty:GetFindings', 'dynamodb:Scan']));
    // With its own detector the reconciler knows the detector id: no ListDetectors (a "*" action).
    expect(reconcilerActions).not.toContain('guardduty:ListDetectors');
    expect(actionsOf(noDetector, noDetector.blocker.reconcilerFunction)).toContain('guardduty:ListDetectors');
    built.template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            // The app's feature flags merge and sort statements (@aws-cdk/aws-iam:minimizePolicies).
            Action: ['guardduty:GetFindings', 'guardduty:ListFindings'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':detector/$'), { 'Fn::GetAtt': [logicalId(built, built.blocker.detector!), 'Id'] }])] },
          }),
        ]),
      },
    });
  });

  test('"*" resources only in the shared policy of resourceless actions (X-Ray, network interfaces)', () => {
    const wildcardActions = Object.entries(built.template.findResources('AWS::IAM::ManagedPolicy')).flatMap(([id, p]: [string, any]) =>
      p.Properties.PolicyDocument.Statement.filter((s: any) => [s.Resource].flat().includes('*')).flatMap((s: any) => [s.Action].flat().map((a: string) => `${id.replace(/[0-9A-F]{8}$/, '')} ${a}`)),
    );
    expect(wildcardActions.sort()).toEqual(
      [
        'IpBlockerResourcelessActions ec2:AssignPrivateIpAddresses',
        'IpBlockerResourcelessActions ec2:CreateNetworkInterface',
        'IpBlockerResourcelessActions ec2:DeleteNetworkInterface',
        'IpBlockerResourcelessActions ec2:DescribeNetworkInterfaces',
        'IpBlockerResourcelessActions ec2:DescribeSubnets',
        'IpBlockerResourcelessActions ec2:UnassignPrivateIpAddresses',
        'IpBlockerResourcelessActions xray:PutTelemetryRecords',
        'IpBlockerResourcelessActions xray:PutTraceSegments',
      ].sort(),
    );
  });

  test('placed in the VPC: both functions in the given subnets, behind a security group with HTTPS out only', () => {
    const sgId = logicalId(built, built.blocker.securityGroup!);
    for (const fn of [built.blocker.blockerFunction, built.blocker.reconcilerFunction]) {
      const [resource] = Object.values(built.template.findResources('AWS::Lambda::Function', { Properties: { Description: (fn.node.defaultChild as any).description } })) as any[];
      expect(resource.Properties.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [sgId, 'GroupId'] }]);
      expect(resource.Properties.VpcConfig.SubnetIds).toHaveLength(2);
    }
    const sg = built.template.toJSON().Resources[sgId].Properties;
    expect(sg.SecurityGroupIngress ?? []).toEqual([]);
    expect(sg.SecurityGroupEgress).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' })]);
  });

  test('outside a VPC (no placement): no security group, and the LambdaInsideVPC findings are acknowledged on each function', () => {
    expect(noDetector.blocker.securityGroup).toBeUndefined();
    const acks = noDetector.stack.node.findAll().flatMap((c) =>
      c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data as object).map((rule) => `${c.node.path} ${rule}`)),
    );
    // Three rule ids on each of the three functions (blocker, reconciler, intake).
    expect(acks.filter((a) => a.includes('LambdaInsideVPC'))).toHaveLength(9);
    const placedAcks = built.stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data as object)));
    expect(placedAcks.filter((a) => a.includes('LambdaInsideVPC'))).toEqual([]);
  });

  test('table: customer-managed KMS, point-in-time recovery, TTL, expiry index, retained', () => {
    built.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [logicalId(built, built.stack.node.findChild('Key')), 'Arn'] } },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        DeletionProtectionEnabled: true,
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'ByExpiry' })],
      }),
    });
  });

  test('finding rule: GuardDuty findings with severity ≥ minSeverity, retried, dead letters to the queue', () => {
    const dlqArn = { 'Fn::GetAtt': [logicalId(built, built.blocker.deadLetterQueue), 'Arn'] };
    built.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 7] }] } },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(built, built.blocker.blockerFunction), 'Arn'] },
          DeadLetterConfig: { Arn: dlqArn },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 },
        }),
      ],
    });
    built.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(10 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(built, built.blocker.reconcilerFunction), 'Arn'] }, DeadLetterConfig: { Arn: dlqArn } })],
    });
    // EventBridge may write to the queue, only on behalf of these rules.
    built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } } }),
        ]),
      },
    });
  });

  test('dead-letter queue, log groups: KMS, TLS only, 1096 days, retained', () => {
    const keyArn = { 'Fn::GetAtt': [logicalId(built, built.stack.node.findChild('Key')), 'Arn'] };
    built.template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KmsMasterKeyId: keyArn }),
    });
    built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    const groups = built.template.findResources('AWS::Logs::LogGroup');
    // The blocker's, the reconciler's and the intake's.
    expect(Object.keys(groups)).toHaveLength(3);
    for (const g of Object.values(groups) as any[]) {
      expect(g).toMatchObject({ DeletionPolicy: 'Retain', Properties: { RetentionInDays: 1096, KmsKeyId: keyArn } });
    }
  });

  test('the IP sets keep an empty template address list', () => {
    built.template.resourcePropertiesCountIs('AWS::WAFv2::IPSet', { Addresses: [] }, 2);
  });

  test('the detector: optional, with S3, RDS login, runtime (Fargate agent) and EBS malware protection', () => {
    built.template.hasResourceProperties('AWS::GuardDuty::Detector', {
      Enable: true,
      Features: [
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
        { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' }] },
        { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
      ],
    });
    noDetector.template.resourceCountIs('AWS::GuardDuty::Detector', 0);
    expect(noDetector.blocker.detector).toBeUndefined();
    noDetector.template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ DETECTOR_ID: '' }) } });
  });

  test('no alarm of its own: it exposes what the Monitoring stack alarms on (issue #21)', () => {
    for (const b of [built, noDetector]) b.template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    const evictions = built.stack.resolve(built.blocker.metricEvictions().toMetricConfig().metricStat);
    expect(evictions).toMatchObject({ namespace: 'HardenedStack/IpBlocker', metricName: 'Evicted', dimensions: [{ name: 'Function', value: 'blocker' }], period: { amount: 1 } });
  });

  test('the five rule packs find nothing left unfixed or unacknowledged', () => {
    expect(violations(built.stack)).toEqual([]);
    expect(violations(noDetector.stack)).toEqual([]);
  });

  test('the rule packs do run over this stack (an unencrypted, short-lived log group is reported)', () => {
    const { stack } = build({ createDetector: false });
    new logs.LogGroup(stack, 'Careless', { retention: logs.RetentionDays.ONE_DAY });
    expect(violations(stack)).toEqual(expect.arrayContaining([expect.stringMatching(/CloudWatchLogGroupEncrypted Threat\/Careless/)]));
  });

  test.each([
    [{ neverBlock: ['office'] }, /neverBlock\[0\]: got "office"/],
    [{ ownCidrs: ['0.0.0.0/0'] }, /ownCidrs\[0\].*\/0 would protect every address/],
    [{ blockTtl: Duration.minutes(10) }, /blockTtl: got 10 minutes/],
    [{ minSeverity: 0 }, /minSeverity: got 0/],
  ])('misuse is refused at construction: %j', (overrides, message) => {
    expect(() => build(overrides as Partial<IpBlockerProps>)).toThrow(message);
  });

  test('IP sets of the wrong version, scope or with template addresses are refused', () => {
    const stack = new Stack(new App(), 'S');
    const key = new kms.Key(stack, 'K');
    const v4 = new wafv2.CfnIPSet(stack, 'A', { scope: 'CLOUDFRONT', ipAddressVersion: 'IPV4', addresses: ['192.0.2.1/32'] });
    const v6 = new wafv2.CfnIPSet(stack, 'B', { scope: 'REGIONAL', ipAddressVersion: 'IPV4', addresses: [] });
    expect(
      () =>
        new IpBlocker(stack, 'I', {
          ipv4Set: v4,
          ipv6Set: v6,
          neverBlock: [],
          ownCidrs: [],
          blockTtl: Duration.hours(24),
          minSeverity: 7,
          createDetector: false,
          encryptionKey: key,
        }),
    ).toThrow(/ipv4Set: got scope CLOUDFRONT[\s\S]*ipv4Set: the template lists 1 address[\s\S]*ipv6Set: got an IPV4 IP set; expected IPV6/);
  });
});
