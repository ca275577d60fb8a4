import { App, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { HardenedRule, isAcknowledged, judge } from '../../lib/nag/engine/rule';
import { Scan } from '../../lib/nag/engine/scan';
import { renderView, resolveMarked } from '../../lib/nag/engine/template-view';
import { UNKNOWN_PART, arnFields, joinedText, parseJsonValue } from '../../lib/nag/engine/values';
import { HardenedChecks } from '../../lib/nag/hardened-checks';
import { newStack } from './nag-test-helpers';

describe('engine: references across stacks', () => {
  const build = () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const env = { account: '111111111111', region: 'ap-northeast-1' };
    const network = new Stack(app, 'Network', { env });
    const vpc = new ec2.CfnVPC(network, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const other = new ec2.CfnVPC(network, 'Other', { cidrBlock: '10.1.0.0/16' });
    const logs = new Stack(app, 'Logs', { env });
    const flowLog = new ec2.CfnFlowLog(logs, 'Flow', { resourceId: vpc.ref, resourceType: 'VPC', trafficType: 'ALL', logDestination: 'arn:aws:s3:::b', logDestinationType: 's3' });
    return { app, vpc, other, flowLog };
  };

  test('a reference to a resource of another stack is recognised before synthesis', () => {
    const { app, vpc, other, flowLog } = build();
    const scan = new Scan(app);
    expect(scan.refersTo(flowLog, scan.props(flowLog).ResourceId, vpc)).toBe(true);
    expect(scan.refersTo(flowLog, scan.props(flowLog).ResourceId, other)).toBe(false);
  });

  test('and after synthesis, when the template holds Fn::ImportValue', () => {
    const { app, vpc, flowLog } = build();
    app.synth();
    expect(Stack.of(flowLog).resolve(flowLog.resourceId)).toHaveProperty(['Fn::ImportValue']);
    const scan = new Scan(app);
    expect(scan.refersTo(flowLog, scan.props(flowLog).ResourceId, vpc)).toBe(true);
  });

  test('a hand-written Ref in a raw override is understood in its own stack', () => {
    const { app, vpc, other } = build();
    const route = new ec2.CfnRoute(Stack.of(vpc), 'Route', { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' });
    route.addPropertyOverride('GatewayId', { Ref: 'Other' });
    const scan = new Scan(app);
    expect(scan.refersTo(route, scan.props(route).GatewayId, other)).toBe(true);
  });
});

describe('engine: a scan is the only cache', () => {
  test('a scan of any construct covers the whole app', () => {
    const { app, vpc } = (() => {
      const a = new App({ builtinCloudFormationValidation: false });
      return { app: a, vpc: new ec2.CfnVPC(new Stack(a, 'A'), 'Vpc', { cidrBlock: '10.0.0.0/16' }) };
    })();
    const other = new ec2.CfnVPC(new Stack(app, 'B'), 'Vpc', { cidrBlock: '10.1.0.0/16' });
    expect(new Scan(vpc).resources('AWS::EC2::VPC')).toEqual([vpc, other]);
  });

  test('a new scan sees a tree changed after the last one; the pack validates with a new scan each time', () => {
    const stack = newStack();
    const key = new kms.CfnKey(stack, 'Key', { enableKeyRotation: false });
    const before = new Scan(stack);
    expect(before.props(key).EnableKeyRotation).toBe(false);
    const pack = new HardenedChecks();
    const ruleName = 'Hardened-GOV-1-KmsKeyRotationEnabled';
    expect(pack.validateScope(stack).violations.map((v) => v.ruleName)).toContain(ruleName);
    key.addPropertyOverride('EnableKeyRotation', true);
    expect(new Scan(stack).props(key).EnableKeyRotation).toBe(true);
    expect(pack.validateScope(stack).violations.map((v) => v.ruleName)).not.toContain(ruleName);
    // The old scan keeps what it saw: it belongs to the validation that made it.
    expect(before.props(key).EnableKeyRotation).toBe(false);
  });

  test('the scan a rule receives is the one of its validation', () => {
    const stack = newStack();
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const seen: Scan[] = [];
    const spy: HardenedRule = {
      control: 'GOV-1',
      name: 'Spy',
      resourceTypes: ['AWS::EC2::VPC'],
      info: 'GOV-1: test rule.',
      explanation: 'Records the scan it is given.',
      check: (scan) => {
        seen.push(scan);
        return NagRuleCompliance.COMPLIANT;
      },
    };
    const scan = new Scan(stack);
    expect(judge(spy, scan, vpc)).toBe(NagRuleCompliance.COMPLIANT);
    expect(seen).toEqual([scan]);
  });
});

describe('engine: template view', () => {
  test('applies raw overrides and deletion policies', () => {
    const bucket = new s3.CfnBucket(new Stack(), 'Bucket', { bucketName: 'a' });
    bucket.addPropertyOverride('BucketName', 'b');
    bucket.addOverride('DeletionPolicy', 'Retain');
    expect(renderView(bucket)).toMatchObject({ type: 'AWS::S3::Bucket', properties: { BucketName: 'b' }, deletionPolicy: 'Retain' });
  });

  test('says so by name when aws-cdk-lib stops rendering resources the way the view reads them', () => {
    const bucket = new s3.CfnBucket(new Stack(), 'Bucket', { bucketName: 'a' });
    Object.defineProperty(bucket, '_toCloudFormation', { value: undefined });
    expect(() => renderView(bucket)).toThrow(/no longer renders Default\/Bucket .*template-view\.ts/);
  });
});

describe('engine: values', () => {
  test('joinedText keeps literal parts and marks the rest', () => {
    const stack = new Stack(undefined, 'S', { env: { account: '111111111111', region: 'ap-northeast-3' } });
    const text = joinedText(resolveMarked(stack, `arn:${stack.partition}:backup:ap-northeast-3:111111111111:backup-vault:copies`));
    expect(text).toBe(`arn:${UNKNOWN_PART}:backup:ap-northeast-3:111111111111:backup-vault:copies`);
    expect(arnFields(text)).toMatchObject({ service: 'backup', region: 'ap-northeast-3', resource: 'backup-vault:copies' });
  });

  test('parseJsonValue reads a JSON string written with tokens', () => {
    const stack = new Stack();
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const input = resolveMarked(stack, Fn.join('', ['{"Vpc":"', vpc.ref, '","Force":true,"Mixed":"x-', vpc.ref, '"}']));
    const parsed = parseJsonValue(input) as Record<string, unknown>;
    expect(parsed.Force).toBe(true);
    const scan = new Scan(stack);
    expect(scan.refersTo(stack, parsed.Vpc, vpc)).toBe(true);
    expect(scan.refersTo(stack, parsed.Mixed, vpc)).toBe(true);
    expect(parseJsonValue('not json')).toBeUndefined();
  });
});

describe('engine: acknowledgements', () => {
  test('a finding acknowledged on a construct is acknowledged on its resources, not on siblings or for other findings', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const other = new kms.Key(stack, 'Other');
    Validations.of(key).acknowledge({ id: 'Hardened-GOV-1-KmsKeyRotationEnabled', reason: 'test' });
    const resource = key.node.defaultChild!;
    expect(isAcknowledged(resource, 'Hardened-GOV-1-KmsKeyRotationEnabled')).toBe(true);
    expect(isAcknowledged(other.node.defaultChild!, 'Hardened-GOV-1-KmsKeyRotationEnabled')).toBe(false);
    expect(isAcknowledged(resource, 'Hardened-DATA-5-StatefulResourceRetained')).toBe(false);
  });
});
