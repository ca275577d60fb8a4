/**
 * The database probe as synthesized (MON-1, MON-2, NET-4): what a reviewer checks — it runs every
 * minute, in the app subnets with the app tier's security group (so the database's security group
 * needs no new rule), reads only the app's secret, and its alarm is critical and fires on silence.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AlarmFactory } from '../../lib/monitoring/alarm-factory';
import { alarmTable } from '../../lib/reporting/alarm-table';
import { DatabaseProbe } from '../../lib/monitoring/database-probe';
import { ENV, LAMBDA_RUNTIME_CA_BUNDLE, METRIC } from '../../lambda/shared/contracts/database-probe';
import { standInApp } from '../support/context';

const stack = new Stack(standInApp(), 'Probe', { env: { account: '123456789012', region: 'ap-northeast-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [
    { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
  ],
});
const appSecurityGroup = new ec2.SecurityGroup(stack, 'AppSg', { vpc, allowAllOutbound: false });
const databaseKey = new kms.Key(stack, 'DatabaseKey');
const secret = new secretsmanager.Secret(stack, 'AppSecret', { encryptionKey: databaseKey });
const otherSecret = new secretsmanager.Secret(stack, 'MasterSecret', { encryptionKey: databaseKey });
const alarms = new AlarmFactory({ action: new actions.SnsAction(new sns.Topic(stack, 'Topic')), namePrefix: 'hardened' });
const probe = new DatabaseProbe(stack, 'DatabaseProbe', {
  vpc,
  subnets: { subnetGroupName: 'App' },
  securityGroup: appSecurityGroup,
  secret,
  secretKey: databaseKey,
  databaseName: 'postgres',
  resourcelessActions: new iam.ManagedPolicy(stack, 'VpcActions', { statements: [new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface'], resources: ['*'] })] }),
  instanceIdentifier: 'hardened-primary',
  alarms,
  encryptionKey: new kms.Key(stack, 'MonitoringKey'),
  deadLetterQueue: new sqs.Queue(stack, 'Undelivered'),
  deadLetterKey: new kms.Key(stack, 'TopicKey'),
  logGroupName: '/hardened/database-probe',
  logRetentionDays: 1096,
});
const tpl = Template.fromStack(stack).toJSON();
const template = Template.fromJSON(tpl);
const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
const fnId = id(probe.probeFunction);
const fn = tpl.Resources[fnId].Properties;

test('invoked at the start of every minute, one at a time', () => {
  template.hasResourceProperties('AWS::Events::Rule', {
    ScheduleExpression: 'cron(* * * * ? *)',
    State: 'ENABLED',
    Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } })],
  });
  expect(fn.ReservedConcurrentExecutions).toBe(1);
  // Two attempts (5 s connect + 3 s query each), the pause and the secret read end before the next minute.
  expect(fn.Timeout).toBeLessThanOrEqual(30);
});

test('in the app subnets with the app tier’s security group (the only one the database admits)', () => {
  const appSubnets = vpc.selectSubnets({ subnetGroupName: 'App' }).subnets.map((s) => ({ Ref: id(s) }));
  expect(fn.VpcConfig.SubnetIds).toEqual(appSubnets);
  expect(fn.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [id(appSecurityGroup), 'GroupId'] }]);
  // No security group of its own: nothing to admit on the database side.
  expect(Object.keys(template.findResources('AWS::EC2::SecurityGroup'))).toEqual([id(appSecurityGroup)]);
});

test('told where the secret, the database and the CA bundle are', () => {
  expect(fn.Environment.Variables).toMatchObject({
    [ENV.secretArn]: { Ref: id(secret) },
    [ENV.databaseName]: 'postgres',
    [ENV.instanceIdentifier]: 'hardened-primary',
    [ENV.caBundlePath]: LAMBDA_RUNTIME_CA_BUNDLE,
  });
});

test('reads the app’s secret and nothing else; its key only through Secrets Manager', () => {
  const statements = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('secretsmanager:') || a === 'kms:Decrypt'));
  const secretReads = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('secretsmanager:')));
  expect(secretReads).toEqual([expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: { Ref: id(secret) } })]);
  expect(JSON.stringify(secretReads)).not.toContain(id(otherSecret));
  const keyReads = statements.filter((s: any) => JSON.stringify(s.Resource).includes(id(databaseKey)));
  expect(keyReads).toEqual([
    expect.objectContaining({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.ap-northeast-1.amazonaws.com' } } }),
  ]);
});

test('database-unreachable: critical, below 1 or silent, within 180 s (silence within 240 s)', () => {
  const alarmId = id(probe.unreachable);
  const p = tpl.Resources[alarmId].Properties;
  expect(p).toMatchObject({
    AlarmName: 'hardened-database-unreachable',
    AlarmDescription: expect.stringMatching(/^\[critical\] /),
    Metrics: [
      {
        Id: expect.any(String),
        Label: expect.any(String),
        ReturnData: true,
        MetricStat: {
          Metric: { Namespace: 'HardenedStack/DatabaseProbe', MetricName: METRIC.reachable, Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'hardened-primary' }] },
          Period: 60,
          Stat: 'Minimum',
        },
      },
    ],
    Threshold: 1,
    ComparisonOperator: 'LessThanThreshold',
    TreatMissingData: 'breaching',
    DatapointsToAlarm: 1,
    EvaluationPeriods: 1,
  });
  const row = alarmTable(tpl).find((r) => r.logicalId === alarmId)!;
  expect(row).toMatchObject({ detectionClass: 'critical', detectionBoundSeconds: 180, silenceBoundSeconds: 240 });
  expect(alarms.critical).toContain(probe.unreachable);
});

test('an instance identifier that is not a literal name is refused with the value', () => {
  expect(() => new DatabaseProbe(stack, 'Bad', { ...(probe as any), instanceIdentifier: 'db_1' } as never)).toThrow(/instanceIdentifier: got "db_1"/);
});
