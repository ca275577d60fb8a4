/**
 * The blocker's offence path as built: subscription filters → intake → offence queue → pipe →
 * blocker, each role scoped to its own step.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { ADMIN_PATH_RULE } from '../../lambda/shared/contracts/ip-blocker';
import { adminPathRule } from '../../lib/edge/waf/default-rules';
import { IpBlocker, IpBlockerProps } from '../../lib/threat/ip-blocker';
import { standInApp } from '../support/context';

function build(overrides: Partial<IpBlockerProps> = {}) {
  const app = standInApp();
  const env = { account: '123456789012', region: 'ap-northeast-1' };
  const logsStack = new Stack(app, 'Logs', { env });
  const alerts = new logs.LogGroup(logsStack, 'Alerts', { logGroupName: '/hardened/firewall-alerts' });
  const waf = new logs.LogGroup(logsStack, 'Waf', { logGroupName: 'aws-waf-logs-hardened' });
  const stack = new Stack(app, 'Threat', { env });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const v4 = new wafv2.CfnIPSet(stack, 'BlockedV4', { scope: 'REGIONAL', ipAddressVersion: 'IPV4', addresses: [] });
  const v6 = new wafv2.CfnIPSet(stack, 'BlockedV6', { scope: 'REGIONAL', ipAddressVersion: 'IPV6', addresses: [] });
  const blocker = new IpBlocker(stack, 'IpBlocker', {
    ipv4Set: v4,
    ipv6Set: v6,
    neverBlock: ['203.0.113.0/24'],
    ownCidrs: ['10.20.0.0/16'],
    blockTtl: Duration.hours(24),
    minSeverity: 7,
    createDetector: true,
    encryptionKey: key,
    offenceLogs: { firewallAlerts: alerts, waf },
    batch: { size: 500, window: Duration.seconds(20) },
    ...overrides,
  });
  return { stack, blocker, template: Template.fromStack(stack) };
}

const built = build();
const id = (c: { node: { defaultChild?: unknown } }) => built.stack.getLogicalId(c.node.defaultChild as any);
const policiesOf = (roleFragment: string) =>
  Object.values(built.template.findResources('AWS::IAM::ManagedPolicy') as Record<string, any>)
    .filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes(roleFragment))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
const actionsOf = (roleFragment: string) => policiesOf(roleFragment).flatMap((s: any) => [s.Action].flat());

test('the pipe drains the offence queue into the blocker in batches of the configured size and window', () => {
  built.template.hasResourceProperties('AWS::Pipes::Pipe', {
    Source: { 'Fn::GetAtt': [id(built.blocker.offenceQueue), 'Arn'] },
    Target: { 'Fn::GetAtt': [id(built.blocker.blockerFunction), 'Arn'] },
    SourceParameters: { SqsQueueParameters: { BatchSize: 500, MaximumBatchingWindowInSeconds: 20 } },
    TargetParameters: { LambdaFunctionParameters: { InvocationType: 'REQUEST_RESPONSE' } },
  });
});

test('the offence queue: encrypted, a visibility timeout of six blocker timeouts, dead letters after ten receives', () => {
  built.template.hasResource('AWS::SQS::Queue', {
    DeletionPolicy: 'Retain',
    Properties: Match.objectLike({
      VisibilityTimeout: 360,
      KmsMasterKeyId: Match.anyValue(),
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [id(built.blocker.deadLetterQueue), 'Arn'] }, maxReceiveCount: 10 },
    }),
  });
});

test('subscription filters send only possible offences to the intake', () => {
  const filters = Object.values(built.template.findResources('AWS::Logs::SubscriptionFilter') as Record<string, any>).map((f) => f.Properties);
  expect(filters.map((f) => f.FilterPattern).sort()).toEqual(['{ $.action = "BLOCK" }', '{ $.event.alert.action = "blocked" }']);
  for (const f of filters) expect(f.DestinationArn).toEqual({ 'Fn::GetAtt': [id(built.blocker.intakeFunction), 'Arn'] });
  built.template.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 'logs.amazonaws.com' }, 2);
});

test('each role touches only its step: intake sends, the pipe reads and invokes, the blocker writes sets and table', () => {
  const intake = policiesOf('IntakeRole');
  expect(actionsOf('IntakeRole').filter((a: string) => a.startsWith('sqs:') || a.startsWith('wafv2:') || a.startsWith('dynamodb:'))).toEqual(['sqs:SendMessage']);
  // The offence queue and its own dead-letter queue, nothing else.
  const send = intake.find((s: any) => s.Action === 'sqs:SendMessage');
  expect(JSON.stringify(send.Resource)).toContain(id(built.blocker.offenceQueue));
  expect([send.Resource].flat()).toHaveLength(2);

  expect(actionsOf('OffencePipeRole').sort()).toEqual(['kms:Decrypt', 'lambda:InvokeFunction', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage']);
  for (const s of policiesOf('OffencePipeRole')) expect(JSON.stringify(s.Resource)).not.toContain('"*"');

  const blocker = actionsOf('BlockerRole');
  expect(blocker.filter((a: string) => a.startsWith('sqs:'))).toEqual(['sqs:SendMessage']); // its dead-letter queue only
  for (const s of policiesOf('BlockerRole').filter((s: any) => [s.Action].flat().includes('wafv2:UpdateIPSet'))) {
    expect(s.Resource).toEqual([{ 'Fn::GetAtt': [built.stack.getLogicalId(built.stack.node.findChild('BlockedV4') as any), 'Arn'] }, { 'Fn::GetAtt': [built.stack.getLogicalId(built.stack.node.findChild('BlockedV6') as any), 'Arn'] }]);
  }
});

test('both functions read the offence policy from the same JSON', () => {
  const fns = Object.values(built.template.findResources('AWS::Lambda::Function') as Record<string, any>).map((f) => f.Properties.Environment.Variables);
  const policies = fns.map((v) => v.OFFENCE_POLICY).filter(Boolean);
  expect(policies).toHaveLength(3);
  expect(new Set(policies).size).toBe(1);
  expect(JSON.parse(policies[0]).waf.countedRules).toEqual([ADMIN_PATH_RULE]);
});

test('the counted admin rule is the name the web ACL gives its admin-path rule', () => {
  expect(adminPathRule(['/admin'], [], 'p').name).toBe(ADMIN_PATH_RULE);
});

test('no open rule-pack findings on the offence path', () => {
  const open = [new AwsSolutionsChecks(), new NIST80053R5Checks(), new ServerlessChecks()].flatMap((pack) =>
    pack.validateScope(built.stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)),
  );
  expect(open.filter((v) => /Offence|Intake|Subscription/.test(v))).toEqual([]);
});

test.each([
  [{ batch: { size: 0, window: Duration.seconds(1) } }, /batch.size: got 0/],
  [{ batch: { size: 100, window: Duration.minutes(6) } }, /batch.window: got 6 minutes/],
  [{ offencePolicy: { firewall: { enabled: true, threshold: 0, windowSeconds: 60 }, waf: { enabled: true, threshold: 5, windowSeconds: 600, countedRules: [] } } }, /offencePolicy.firewall.threshold: got 0/],
])('misuse is refused with the field named: %j', (overrides, message) => {
  expect(() => build(overrides as Partial<IpBlockerProps>)).toThrow(message);
});

test('the report states the configured policy: sources, thresholds, windows, TTL, never-block', () => {
  const { DEFAULT_CONFIG } = require('../../lib/config/defaults') as typeof import('../../lib/config/defaults');
  const { offencePolicyOf } = require('../../lib/threat/offence-sources') as typeof import('../../lib/threat/offence-sources');
  const { describeOffencePolicy } = require('../../lib/threat/offence-policy') as typeof import('../../lib/threat/offence-policy');
  const config = { ...DEFAULT_CONFIG, threat: { ...DEFAULT_CONFIG.threat, offences: { ...DEFAULT_CONFIG.threat.offences, firewall: { enabled: false, threshold: 1, windowMinutes: 60 } } } };
  const policy = offencePolicyOf(config as typeof DEFAULT_CONFIG);
  expect(policy.waf).toEqual({ enabled: true, threshold: 5, windowSeconds: 600, countedRules: [ADMIN_PATH_RULE] });
  expect(describeOffencePolicy(policy, 7, 24)).toEqual([
    'GuardDuty: a finding of severity ≥ 7 naming an inbound attacker — blocks at once',
    'Firewall: off',
    'WAF: a block by an AWS managed rule group or AdminPathsFromAllowlistOnly (never the rate limit) — blocks after 5 in 10 minutes',
    expect.stringMatching(/^Block lasts 24 hours from the last offence; never blocked: admin and site allowlists, threat.neverBlock, our VPC ranges and NAT addresses/),
  ]);
});
