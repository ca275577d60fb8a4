// The app tier as synthesized (APP-1, APP-2, APP-3), against a stand-in network/edge/data stack.
// One App is built once; each describe block checks one property a reviewer cares about.
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { useManagedPolicies } from '../../lib/core/aspects/managed-policies';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { standardRulePacks } from '../../lib/nag/register';
import { AppTierFixture, buildAppTier, onlyResource, placeholderGetAtt, placeholderRef, renderIntrinsics } from './stand-in';

let f: AppTierFixture;
let template: Template;
let resources: Record<string, any>;
let serviceId: string;
let service: any;
let clusterId: string;

beforeAll(() => {
  f = buildAppTier();
  // As in buildHardenedStacks: inline policies become managed ones (IAMNoInlinePolicy).
  useManagedPolicies(f.appStack);
  f.app.synth();
  template = Template.fromStack(f.appStack);
  resources = template.toJSON().Resources;
  [serviceId, service] = onlyResource(resources, 'AWS::ECS::Service');
  [clusterId] = onlyResource(resources, 'AWS::ECS::Cluster');
});

/** A value of the AppStack template as written for a token of another construct. */
function asRendered(token: unknown): unknown {
  return f.appStack.resolve(token);
}

describe('APP-1: the service runs ≥ 2 tasks over ≥ 2 AZs behind the ALB and survives bad deployments', () => {
  test('the tasks run in the App subnets of every AZ, at least 2 of them', () => {
    const appSubnets = f.vpc.selectSubnets({ subnetGroupName: 'App' });
    expect(new Set(appSubnets.availabilityZones).size).toBeGreaterThanOrEqual(2);
    const subnets = service.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets;
    expect(subnets).toEqual(asRendered(appSubnets.subnetIds));
    expect(subnets.length).toBeGreaterThanOrEqual(2);
  });

  test('at least 2 tasks, and auto scaling never goes below 2', () => {
    expect(service.Properties.DesiredCount).toBeGreaterThanOrEqual(2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: DEFAULT_CONFIG.app.minCount,
      MaxCapacity: DEFAULT_CONFIG.app.maxCount,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    const [, target] = onlyResource(resources, 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.Properties.MinCapacity).toBeGreaterThanOrEqual(2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      }),
    });
  });

  test('AZ rebalancing, circuit breaker with rollback, min healthy 100 % / max 200 %', () => {
    expect(service.Properties).toMatchObject({
      LaunchType: 'FARGATE',
      AvailabilityZoneRebalancing: 'ENABLED',
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      },
    });
  });

  test('registered with the ALB target group on the container port', () => {
    expect(service.Properties.LoadBalancers).toEqual([
      { TargetGroupArn: asRendered(f.targetGroup.targetGroupArn), ContainerName: 'app', ContainerPort: DEFAULT_CONFIG.app.containerPort },
    ]);
  });

  test('the cluster has enhanced Container Insights', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }],
    });
  });
});

describe('APP-3: write access limited', () => {
  test('no public IP; only the app security group passed in, and no rule added to any group', () => {
    const vpcConfig = service.Properties.NetworkConfiguration.AwsvpcConfiguration;
    expect(vpcConfig.AssignPublicIp).toBe('DISABLED');
    expect(vpcConfig.SecurityGroups).toEqual([asRendered(f.appSecurityGroup.securityGroupId)]);
    for (const type of ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress']) {
      expect(template.findResources(type)).toEqual({});
    }
    // Nor does the app tier add rules to the stand-in network's groups.
    const networkRules = Template.fromStack(f.network).findResources('AWS::EC2::SecurityGroupIngress');
    expect(Object.keys(networkRules)).toHaveLength(1);
  });

  test('every container: read-only root, non-root user, init process, no privilege, all capabilities dropped', () => {
    const [, taskDefinition] = onlyResource(resources, 'AWS::ECS::TaskDefinition');
    const containers: any[] = taskDefinition.Properties.ContainerDefinitions;
    expect(containers.length).toBeGreaterThan(0);
    for (const c of containers) {
      expect(c.ReadonlyRootFilesystem).toBe(true);
      expect(c.User).toEqual(expect.any(String));
      expect(c.User).not.toMatch(/^(root|0+)(:|$)/);
      expect(c.Privileged).not.toBe(true);
      expect(c.LinuxParameters.InitProcessEnabled).toBe(true);
      expect(c.LinuxParameters.Capabilities.Drop).toEqual(['ALL']);
      expect(c.LinuxParameters.Capabilities.Add ?? []).toEqual([]);
      expect(c.HealthCheck.Command.length).toBeGreaterThan(1);
    }
    expect(containers[0].User).toBe('101');
    expect(containers[0].LinuxParameters.Tmpfs.map((t: any) => t.ContainerPath)).toEqual(['/tmp', '/var/cache/nginx', '/var/run']);
  });

  test('database credentials come from Secrets Manager as Secrets, never as Environment', () => {
    const [, taskDefinition] = onlyResource(resources, 'AWS::ECS::TaskDefinition');
    const [container] = taskDefinition.Properties.ContainerDefinitions;
    expect(container.Environment ?? []).toEqual([]);
    const secretArn = asRendered(f.databaseSecret.secretArn);
    const byName = Object.fromEntries(container.Secrets.map((s: any) => [s.Name, s.ValueFrom]));
    const fromTheSecret = Object.keys(byName).filter((name) => JSON.stringify(byName[name]).includes(JSON.stringify(secretArn)));
    expect(fromTheSecret.sort()).toEqual(['DB_HOST', 'DB_PASSWORD', 'DB_PORT', 'DB_USERNAME']);
    expect(byName.DB_PASSWORD).toEqual({ 'Fn::Join': ['', [secretArn, ':password::']] });
    expect(byName.DB_USERNAME).toEqual({ 'Fn::Join': ['', [secretArn, ':username::']] });
  });

  test('only the execution role may read the secret, through Secrets Manager; the secret’s stack does not refer back', () => {
    const [, taskDefinition] = onlyResource(resources, 'AWS::ECS::TaskDefinition');
    const executionRoleId = taskDefinition.Properties.ExecutionRoleArn['Fn::GetAtt'][0];
    const statements = Object.values(resources)
      .filter((r: any) => (r.Properties?.Roles ?? []).some((x: any) => x.Ref === executionRoleId))
      .flatMap((r: any) => r.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: asRendered(f.databaseSecret.secretArn),
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Resource: asRendered(f.databaseSecret.encryptionKey!.keyArn),
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.ap-northeast-1.amazonaws.com' } },
      }),
    );
    expect(JSON.stringify(Template.fromStack(f.network).toJSON())).not.toContain(f.appStack.stackName);
  });

  test('logs go through awslogs to a KMS-encrypted, retained log group kept ≥ 1 year', () => {
    const [logGroupId, logGroup] = onlyResource(resources, 'AWS::Logs::LogGroup');
    expect(logGroup.DeletionPolicy).toBe('Retain');
    expect(logGroup.Properties.RetentionInDays).toBe(DEFAULT_CONFIG.logs.appLogRetentionDays);
    expect(logGroup.Properties.RetentionInDays).toBeGreaterThanOrEqual(365);
    const keyId = logGroup.Properties.KmsKeyId['Fn::GetAtt'][0];
    expect(resources[keyId].Type).toBe('AWS::KMS::Key');
    expect(resources[keyId].Properties.EnableKeyRotation).toBe(true);
    expect(resources[keyId].Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'logs.ap-northeast-1.amazonaws.com' },
        Condition: {
          ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:ap-northeast-1:123456789012:log-group:${logGroup.Properties.LogGroupName}` },
        },
      }),
    );
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({ LogConfiguration: { LogDriver: 'awslogs', Options: Match.objectLike({ 'awslogs-group': { Ref: logGroupId } }) } }),
      ],
    });
  });
});

describe('APP-2: containers are re-initialised on a schedule', () => {
  let schedule: any;
  beforeAll(() => {
    [, schedule] = onlyResource(resources, 'AWS::Scheduler::Schedule');
  });

  test('the schedule targets the service it recycles: same cluster, same service, forced new deployment', () => {
    expect(renderIntrinsics(schedule.Properties.Target.Arn)).toBe('arn:<Ref:AWS::Partition>:scheduler:::aws-sdk:ecs:updateService');
    const input = JSON.parse(renderIntrinsics(schedule.Properties.Target.Input));
    expect(input).toEqual({
      Cluster: renderIntrinsics(service.Properties.Cluster),
      Service: placeholderGetAtt(serviceId, 'Name'),
      ForceNewDeployment: true,
    });
    // The service's Cluster is a reference to this stack's one cluster.
    expect(input.Cluster).toBe(placeholderRef(clusterId));
    expect(schedule.Properties.State).toBe('ENABLED');
  });

  test('recycling cannot reduce running capacity: new tasks start before old ones stop, and there are ≥ 2', () => {
    const deployment = service.Properties.DeploymentConfiguration;
    expect(deployment.MinimumHealthyPercent).toBeGreaterThanOrEqual(100);
    expect(deployment.MaximumPercent).toBeGreaterThan(100);
    expect(service.Properties.DesiredCount).toBeGreaterThanOrEqual(2);
  });

  test('runs on the configured cron in the configured time zone, with retries and a dead-letter queue', () => {
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: DEFAULT_CONFIG.app.recycleSchedule,
      ScheduleExpressionTimezone: DEFAULT_CONFIG.app.recycleTimeZone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 } },
    });
    const [queueId, queue] = onlyResource(resources, 'AWS::SQS::Queue');
    expect(schedule.Properties.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    expect(queue.DeletionPolicy).toBe('Retain');
    const keyId = queue.Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    expect(resources[keyId].Type).toBe('AWS::KMS::Key');
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test("the scheduler role may update this one service only (and write to its own dead-letter queue)", () => {
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
    const role = resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: expect.objectContaining({ 'aws:SourceAccount': '123456789012' }) } }),
    ]);
    expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
    expect(role.Properties.Policies ?? []).toEqual([]);
    const statements = Object.values(resources)
      .filter((r: any) => ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(r.Type))
      .filter((r: any) => (r.Properties.Roles ?? []).some((x: any) => x.Ref === roleId))
      .flatMap((r: any) => r.Properties.PolicyDocument.Statement);
    const [queueId] = onlyResource(resources, 'AWS::SQS::Queue');
    const queueKeyId = resources[queueId].Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    const actions = (s: any) => [s.Action].flat();

    const ecsStatements = statements.filter((s: any) => actions(s).some((a: string) => a.startsWith('ecs:')));
    expect(ecsStatements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'ecs:UpdateService',
        Resource: { Ref: serviceId },
      }),
    ]);
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      expect(s.Resource).not.toBe('*');
      if (ecsStatements.includes(s)) continue;
      if (actions(s).every((a: string) => a === 'sqs:SendMessage')) expect(s.Resource).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
      else {
        expect(actions(s).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
        expect(s.Resource).toEqual({ 'Fn::GetAtt': [queueKeyId, 'Arn'] });
      }
    }
  });

  test('exposes what monitoring needs: the dead-letter queue and the schedule group (AWS/Scheduler dimension)', () => {
    const [groupId, group] = onlyResource(resources, 'AWS::Scheduler::ScheduleGroup');
    expect(schedule.Properties.GroupName).toBe(group.Properties.Name);
    expect(f.appStack.recycleScheduleGroup.scheduleGroupName).toBe(group.Properties.Name);
    const metric = f.appStack.recycle.metricDropped();
    expect(metric.namespace).toBe('AWS/Scheduler');
    expect(metric.metricName).toBe('InvocationDroppedCount');
    expect(metric.dimensions).toEqual({ ScheduleGroup: group.Properties.Name });
    expect(f.appStack.recycle.metricTargetErrors().metricName).toBe('TargetErrorCount');
    expect(f.appStack.resolve(f.appStack.recycleDeadLetterQueue.queueArn)).toEqual({ 'Fn::GetAtt': [onlyResource(resources, 'AWS::SQS::Queue')[0], 'Arn'] });
    expect(f.appStack.recycle.deploymentFailedEventPattern.detail).toEqual({ eventName: ['SERVICE_DEPLOYMENT_FAILED'] });
    expect(groupId).toBeDefined();
  });
});

describe('rule packs', () => {
  test.each(standardRulePacks().map((pack) => [pack.readPackName, pack] as const))('%s: no unacknowledged finding', (_name, pack) => {
    const findings = pack.validateScope(f.appStack).violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  test('acknowledgements are few, each on one construct with a reason', () => {
    const acknowledged = f.appStack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => [c.node.path, m.data] as const))
      .flatMap(([path, data]) => Object.entries(data as Record<string, string>).map(([id, reason]) => ({ path, id: id.replace(/^Annotation::/, ''), reason })));
    expect(acknowledged.map(({ path, id }) => `${path} ${id}`).sort()).toEqual([
      'AppTier/Recycle/DeadLetterQueue/Resource AwsSolutions-SQS3',
      'AppTier/Recycle/DeadLetterQueue/Resource Serverless-SQSRedrivePolicy',
      // GuardDuty's runtime agent: the registry login takes no resource (issue #16).
      'AppTier/Task/TaskDefinition/ExecutionRole/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
    ]);
    for (const { reason } of acknowledged) expect(reason.length).toBeGreaterThan(60);
  });
});

test('the app stack is a Stack of its own with the primary env', () => {
  expect(Stack.of(f.appStack.service)).toBe(f.appStack);
  expect(f.appStack.region).toBe('ap-northeast-1');
});
