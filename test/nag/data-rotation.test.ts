// DATA-6 DatabaseRotationKeepsRunningTasksConnected: the smallest stacks that pass and fail it.
import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { expectFlagged, expectNotFlagged, flagged, newStack } from './nag-test-helpers';

const id = 'Hardened-DATA-6-DatabaseRotationKeepsRunningTasksConnected';

function database(stack: Stack, props: Partial<rds.DatabaseInstanceProps> = {}) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const instance = new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_6 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ...props,
  });
  return { vpc, instance };
}

/** A task definition whose container reads `secret`'s password. */
function taskReading(stack: Stack, secret: secretsmanager.ISecret) {
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('App', { image: ecs.ContainerImage.fromRegistry('example/app:1'), secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password') } });
  return task;
}

describe('DATA-6 DatabaseRotationKeepsRunningTasksConnected', () => {
  test('flags a task reading the master secret rotated single-user', () => {
    const stack = newStack();
    const { instance } = database(stack);
    instance.addRotationSingleUser({ automaticallyAfter: Duration.days(30) });
    expectFlagged(taskReading(stack, instance.secret!), id);
  });

  test('passes a task reading an application user rotated by alternating users', () => {
    const stack = newStack();
    const { instance } = database(stack);
    instance.addRotationSingleUser({ automaticallyAfter: Duration.days(30) });
    const appSecret = new rds.DatabaseSecret(stack, 'AppUser', { username: 'app', masterSecret: instance.secret }).attach(instance);
    instance.addRotationMultiUser('AppUser', { secret: appSecret, automaticallyAfter: Duration.days(30) });
    expectNotFlagged(taskReading(stack, appSecret), id);
  });

  test('flags the same application user rotated single-user', () => {
    const stack = newStack();
    const { instance } = database(stack);
    const appSecret = new rds.DatabaseSecret(stack, 'AppUser', { username: 'app' }).attach(instance);
    appSecret.addRotationSchedule('Rotation', { hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser(), automaticallyAfter: Duration.days(30) });
    expectFlagged(taskReading(stack, appSecret), id);
  });

  test('passes a hosted multi-user rotation', () => {
    const stack = newStack();
    const { instance } = database(stack);
    const appSecret = new rds.DatabaseSecret(stack, 'AppUser', { username: 'app', masterSecret: instance.secret }).attach(instance);
    appSecret.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlMultiUser({ masterSecret: instance.secret! }),
      automaticallyAfter: Duration.days(30),
    });
    expectNotFlagged(taskReading(stack, appSecret), id);
  });

  test('flags a task reading the RDS-managed master password (RDS rotates it single-user)', () => {
    const stack = newStack();
    const { instance } = database(stack, { credentials: rds.Credentials.fromGeneratedSecret('postgres') });
    const cfn = instance.node.defaultChild as rds.CfnDBInstance;
    cfn.manageMasterUserPassword = true;
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('App', {
      image: ecs.ContainerImage.fromRegistry('example/app:1'),
      secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(stack, 'Managed', cfn.attrMasterUserSecretSecretArn), 'password') },
    });
    expectFlagged(task, id);
  });

  test('does not judge a task that reads no database secret', () => {
    const stack = newStack();
    const apiKey = new secretsmanager.Secret(stack, 'ApiKey');
    const task = taskReading(stack, apiKey);
    expect(flagged(task, id)).toEqual([]);
  });
});
