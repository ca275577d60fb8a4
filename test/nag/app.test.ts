import { Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { expectFlagged, expectNotFlagged, newStack, siblingStack } from './nag-test-helpers';

function subnets(stack: Stack, azs: string[]) {
  const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  return azs.map((az, i) => new ec2.CfnSubnet(stack, `App${i}`, { vpcId: vpc.ref, availabilityZone: az, cidrBlock: `10.0.${i}.0/24` }));
}

const TG = 'arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:targetgroup/app/1';

function service(stack: Stack, props: Partial<ecs.CfnServiceProps> = {}, azs = ['ap-northeast-1a', 'ap-northeast-1c']) {
  const cluster = new ecs.CfnCluster(stack, 'Cluster');
  return new ecs.CfnService(stack, 'Service', {
    cluster: cluster.ref,
    launchType: 'FARGATE',
    desiredCount: 2,
    taskDefinition: 'arn:aws:ecs:ap-northeast-1:111111111111:task-definition/app:1',
    networkConfiguration: { awsvpcConfiguration: { subnets: subnets(stack, azs).map((s) => s.ref), assignPublicIp: 'DISABLED' } },
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, minimumHealthyPercent: 100, maximumPercent: 200 },
    loadBalancers: [{ targetGroupArn: TG, containerName: 'app', containerPort: 8080 }],
    ...props,
  });
}

describe('APP-1 ServiceRunsInSeveralAzs', () => {
  const id = 'Hardened-APP-1-ServiceRunsInSeveralAzs';
  test('flags a single task', () => expectFlagged(service(newStack(), { desiredCount: 1 }), id));
  test('flags two subnets in one AZ', () => expectFlagged(service(newStack(), {}, ['ap-northeast-1a', 'ap-northeast-1a']), id));
  test('flags auto scaling down to one task', () => {
    const stack = newStack();
    const svc = service(stack, { desiredCount: undefined });
    new appscaling.CfnScalableTarget(stack, 'Scaling', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${svc.cluster}/${svc.attrName}`,
      minCapacity: 1,
      maxCapacity: 4,
    });
    expectFlagged(svc, id);
  });
  test('passes two tasks over two AZs', () => expectNotFlagged(service(newStack()), id));
  test('passes no desired count with auto scaling from two tasks', () => {
    const stack = newStack();
    const svc = service(stack, { desiredCount: undefined });
    new appscaling.CfnScalableTarget(stack, 'Scaling', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${svc.cluster}/${svc.attrName}`,
      minCapacity: 2,
      maxCapacity: 4,
    });
    expectNotFlagged(svc, id);
  });
});

describe('APP-1 ServiceDeploymentRollsBack', () => {
  const id = 'Hardened-APP-1-ServiceDeploymentRollsBack';
  test('flags a service without a circuit breaker', () => expectFlagged(service(newStack(), { deploymentConfiguration: { minimumHealthyPercent: 100 } }), id));
  test('flags a deployment that may drop to half capacity', () => {
    const deploymentConfiguration = { deploymentCircuitBreaker: { enable: true, rollback: true }, minimumHealthyPercent: 50 };
    expectFlagged(service(newStack(), { deploymentConfiguration }), id);
  });
  test('passes a rolling-back deployment keeping full capacity', () => expectNotFlagged(service(newStack()), id));
});

describe('APP-1 ServiceBehindHealthCheckedLoadBalancer', () => {
  const id = 'Hardened-APP-1-ServiceBehindHealthCheckedLoadBalancer';
  test('flags a service without a load balancer', () => expectFlagged(service(newStack(), { loadBalancers: [] }), id));
  test('passes a service behind a target group', () => expectNotFlagged(service(newStack()), id));
});

describe('APP-3 ServiceHasNoPublicIp', () => {
  const id = 'Hardened-APP-3-ServiceHasNoPublicIp';
  test('flags tasks with public IPs', () => {
    const stack = newStack();
    const awsvpcConfiguration = { subnets: ['subnet-1', 'subnet-2'], assignPublicIp: 'ENABLED' };
    expectFlagged(service(stack, { networkConfiguration: { awsvpcConfiguration } }), id);
  });
  test('passes tasks without public IPs', () => expectNotFlagged(service(newStack()), id));
});

function recycle(stack: Stack, svc: ecs.CfnService, input: Record<string, unknown>) {
  return new scheduler.Schedule(stack, 'Recycle', {
    schedule: scheduler.ScheduleExpression.cron({ hour: '4', minute: '0' }),
    target: new targets.Universal({
      service: 'ecs',
      action: 'updateService',
      input: scheduler.ScheduleTargetInput.fromObject(input),
      policyStatements: [new iam.PolicyStatement({ actions: ['ecs:UpdateService'], resources: [svc.ref] })],
    }),
  });
}

describe('APP-2 ServiceRecycledOnSchedule', () => {
  const id = 'Hardened-APP-2-ServiceRecycledOnSchedule';
  test('flags a service no schedule redeploys', () => expectFlagged(service(newStack()), id));
  test('flags a schedule that does not force a new deployment', () => {
    const stack = newStack();
    const svc = service(stack);
    recycle(stack, svc, { Cluster: svc.cluster, Service: svc.attrName });
    expectFlagged(svc, id);
  });
  test('flags a schedule naming another cluster', () => {
    const stack = newStack();
    const svc = service(stack);
    recycle(stack, svc, { Cluster: 'other', Service: svc.attrName, ForceNewDeployment: true });
    expectFlagged(svc, id);
  });
  test('passes a schedule in another stack forcing a new deployment of the service', () => {
    const app = newStack('App');
    const svc = service(app);
    recycle(siblingStack(app, 'Ops'), svc, { Cluster: svc.cluster, Service: svc.attrName, ForceNewDeployment: true });
    expectNotFlagged(svc, id);
  });
  test('passes an L2 Fargate service recycled through its cluster name', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'L2Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const cluster = new ecs.Cluster(stack, 'L2Cluster', { vpc });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine') });
    const svc = new ecs.FargateService(stack, 'L2Service', { cluster, taskDefinition: task });
    new scheduler.Schedule(stack, 'Recycle', {
      schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
      target: new targets.Universal({
        service: 'ecs',
        action: 'updateService',
        input: scheduler.ScheduleTargetInput.fromObject({ Cluster: cluster.clusterName, Service: svc.serviceName, ForceNewDeployment: true }),
        policyStatements: [new iam.PolicyStatement({ actions: ['ecs:UpdateService'], resources: [svc.serviceArn] })],
      }),
    });
    expectNotFlagged(svc, id);
  });
});

function task(stack: Stack, container: Partial<ecs.CfnTaskDefinition.ContainerDefinitionProperty>) {
  return new ecs.CfnTaskDefinition(stack, 'Task', {
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine', readonlyRootFilesystem: true, user: '101:101', ...container }],
  });
}

describe('APP-3 ContainersRunReadOnlyNonRoot', () => {
  const id = 'Hardened-APP-3-ContainersRunReadOnlyNonRoot';
  test('flags a writable root filesystem', () => expectFlagged(task(newStack(), { readonlyRootFilesystem: false }), id));
  test('flags a container without a user (root by default)', () => expectFlagged(task(newStack(), { user: undefined }), id));
  test('flags uid 0', () => expectFlagged(task(newStack(), { user: '0:1000' }), id));
  test('flags a privileged container', () => expectFlagged(task(newStack(), { privileged: true }), id));
  test('passes a read-only, non-root, unprivileged container', () => expectNotFlagged(task(newStack(), {}), id));
});

describe('APP-3 ContainerSecretsNotInEnvironment', () => {
  const id = 'Hardened-APP-3-ContainerSecretsNotInEnvironment';
  test('flags a password in the environment', () => expectFlagged(task(newStack(), { environment: [{ name: 'DB_PASSWORD', value: 'x' }] }), id));
  test('flags an API key in the environment', () => expectFlagged(task(newStack(), { environment: [{ name: 'STRIPE_API_KEY', value: 'x' }] }), id));
  test('passes secrets passed as Secrets and plain settings in the environment', () => {
    const container = {
      environment: [{ name: 'LOG_LEVEL', value: 'info' }],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:db' }],
    };
    expectNotFlagged(task(newStack(), container), id);
  });
});
