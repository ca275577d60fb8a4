import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { UNKNOWN_PART, arnFields, joinedText, parseJsonValue, props, refersTo, resolveMarked, view } from '../../lib/nag/rules/support';

describe('support: references across stacks', () => {
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
    const { vpc, other, flowLog } = build();
    expect(refersTo(flowLog, props(flowLog).ResourceId, vpc)).toBe(true);
    expect(refersTo(flowLog, props(flowLog).ResourceId, other)).toBe(false);
  });

  test('and after synthesis, when the template holds Fn::ImportValue', () => {
    const { app, vpc, flowLog } = build();
    app.synth();
    expect(Stack.of(flowLog).resolve(flowLog.resourceId)).toHaveProperty(['Fn::ImportValue']);
    expect(refersTo(flowLog, props(flowLog).ResourceId, vpc)).toBe(true);
  });

  test('a hand-written Ref in a raw override is understood in its own stack', () => {
    const { vpc, other } = build();
    const route = new ec2.CfnRoute(Stack.of(vpc), 'Route', { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' });
    route.addPropertyOverride('GatewayId', { Ref: 'Other' });
    expect(refersTo(route, props(route).GatewayId, other)).toBe(true);
  });
});

describe('support: values', () => {
  test('view applies raw overrides and deletion policies', () => {
    const bucket = new s3.CfnBucket(new Stack(), 'Bucket', { bucketName: 'a' });
    bucket.addPropertyOverride('BucketName', 'b');
    bucket.addOverride('DeletionPolicy', 'Retain');
    expect(view(bucket)).toMatchObject({ type: 'AWS::S3::Bucket', properties: { BucketName: 'b' }, deletionPolicy: 'Retain' });
  });

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
    expect(refersTo(stack, parsed.Vpc, vpc)).toBe(true);
    expect(refersTo(stack, parsed.Mixed, vpc)).toBe(true);
    expect(parseJsonValue('not json')).toBeUndefined();
  });
});
