// The app-tier constructs on their own: image references, and misuse refused at construction.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AppLogGroup } from '../../lib/app-tier/app-log-group';
import { containerImageFrom, parseImageReference } from '../../lib/app-tier/container-image';
import { HardenedTaskDefinition, HardenedTaskDefinitionProps } from '../../lib/app-tier/hardened-task-definition';
import { RecycleSchedule } from '../../lib/app-tier/recycle-schedule';
import { ENV } from './stand-in';

function stack(): Stack {
  // Schema validation (about 3 s to load per test file) runs on the shared default assembly.
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test', { env: ENV });
}

function taskProps(s: Stack, overrides: Partial<HardenedTaskDefinitionProps> = {}): HardenedTaskDefinitionProps {
  return {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine'),
    containerPort: 8080,
    cpu: 512,
    memoryLimitMiB: 1024,
    healthCheckPath: '/',
    logGroup: new logs.LogGroup(s, 'Logs'),
    databaseSecret: new secretsmanager.Secret(s, 'Secret'),
    ...overrides,
  };
}

describe('image references (AppConfig.image)', () => {
  test.each([
    ['public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine', { kind: 'registry', name: 'public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine' }],
    ['ecr:team/app:1.2.3', { kind: 'ecr', repositoryName: 'team/app', tagOrDigest: '1.2.3' }],
    ['ecr:app@sha256:abc123', { kind: 'ecr', repositoryName: 'app', tagOrDigest: 'sha256:abc123' }],
  ])('%s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  test.each(['ecr:app', 'ecr::1.0', 'ecr:app:', 'ecr:a:b:c'])('%s is refused with the expected form', (image) => {
    expect(() => parseImageReference(image)).toThrow(/ecr:<repository>:<tag>/);
  });

  test('an ECR image is pulled from this account’s repository with a scoped pull grant', () => {
    const s = stack();
    new HardenedTaskDefinition(s, 'Task', taskProps(s, { image: containerImageFrom(s, 'Repo', 'ecr:team/app:1.2.3') }));
    const t = Template.fromStack(s);
    const [def] = Object.values(t.findResources('AWS::ECS::TaskDefinition')) as any[];
    expect(JSON.stringify(def.Properties.ContainerDefinitions[0].Image)).toContain('/team/app:1.2.3');
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: expect.arrayContaining(['ecr:BatchGetImage']), Resource: expect.objectContaining({ 'Fn::Join': expect.anything() }) }),
    );
    // The registry login token cannot be scoped; that one wildcard is acknowledged, nothing else.
    const wildcards = new AwsSolutionsChecks().validateScope(s).violations.filter((v) => v.ruleName.startsWith('AwsSolutions-IAM5'));
    expect(wildcards).toEqual([]);
  });
});

describe('misuse is refused at construction', () => {
  test.each(['0', 'root', '0:0', 'root:root', ''])('container user %p', (user) => {
    const s = stack();
    expect(() => new HardenedTaskDefinition(s, 'Task', taskProps(s, { user }))).toThrow(/runs the container as root/);
  });

  test('a privileged port', () => {
    const s = stack();
    expect(() => new HardenedTaskDefinition(s, 'Task', taskProps(s, { containerPort: 80 }))).toThrow(/1024–65535/);
  });

  test('container logs kept less than a year', () => {
    expect(() => new AppLogGroup(stack(), 'Logs', { logGroupName: '/x/app', retentionDays: 180, keyAlias: 'x/app-logs' })).toThrow(/at least 365/);
  });

  test('a one-time recycle', () => {
    const s = stack();
    const cluster = ecs.Cluster.fromClusterAttributes(s, 'Cluster', {
      clusterName: 'c',
      vpc: ec2.Vpc.fromVpcAttributes(s, 'Vpc', { vpcId: 'vpc-12345678', availabilityZones: ['ap-northeast-1a'] }),
    });
    const service = ecs.FargateService.fromFargateServiceAttributes(s, 'Service', { cluster, serviceName: 'svc' });
    expect(
      () => new RecycleSchedule(s, 'Recycle', { cluster, service, scheduleExpression: 'at(2030-01-01T04:00:00)', timeZone: 'Asia/Tokyo', keyAlias: 'x/dlq' }),
    ).toThrow(/cron\(\.\.\.\)/);
  });
});
