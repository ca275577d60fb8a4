// The application contract as the stack delivers it: every variable the reference application
// reads is injected, credentials from the application user's secret (alternating-users
// rotation), the other settings through SSM parameters; the rule judging rotation passes the
// stack's own wiring and fails it when the task is handed the master secret.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { DATABASE_ENV, FILES_ENV, HTTP_ENV, uploadBucketParameterName } from '../../lib/app-tier/app-contract';
import { HardenedTaskDefinition } from '../../lib/app-tier/hardened-task-definition';
import { REFERENCE_IMAGE } from '../../lib/app-tier/reference-app/image';
import { settingsFromEnv } from '../../lib/app-tier/reference-app/src/settings';
import { useManagedPolicies } from '../../lib/core/aspects/managed-policies';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { standardRulePacks } from '../../lib/nag/register';
import { HardenedConfig } from '../../lib/config/types';
import { AppStack } from '../../lib/stacks/app-stack';
import { buildDataTier } from '../data/fixture';
import { flagged } from '../nag/nag-test-helpers';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

const RULE = 'Hardened-DATA-6-DatabaseRotationKeepsRunningTasksConnected';
const referenceConfig: HardenedConfig = { ...DEFAULT_CONFIG, app: { ...DEFAULT_CONFIG.app, image: REFERENCE_IMAGE, healthCheckPath: '/readyz' } };

/** The data tier and an App stack reading `which` of its secrets. */
function build(which: 'app' | 'master', config: HardenedConfig = referenceConfig) {
  const f = buildDataTier(config);
  const vpc = f.network.node.findChild('Vpc') as ec2.Vpc;
  const targetGroup = new elbv2.ApplicationTargetGroup(f.network, 'Targets', { vpc, port: config.app.containerPort, protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP });
  const appStack = new AppStack(f.app, 'App', {
    env: { account: f.data.account, region: f.data.region },
    config,
    vpc,
    appSecurityGroup: f.appSecurityGroup,
    targetGroup,
    databaseSecret: which === 'app' ? f.data.appDatabaseSecret : f.data.databaseSecret,
  });
  // As in buildHardenedStacks: inline policies become managed ones (IAMNoInlinePolicy).
  useManagedPolicies(appStack);
  return { ...f, appStack };
}

// Each Template.fromStack synthesizes the whole app again: one per build, passed around.
function container(template: any): Record<string, any> {
  const [task] = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::ECS::TaskDefinition');
  return task.Properties.ContainerDefinitions[0];
}

function taskRoleStatements(template: any): any[] {
  const resources = template.Resources as Record<string, any>;
  const [taskDefinition] = Object.values(resources).filter((r) => r.Type === 'AWS::ECS::TaskDefinition');
  const roleId = taskDefinition.Properties.TaskRoleArn['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(r.Type) && (r.Properties.Roles ?? []).some((x: any) => x.Ref === roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

describe('the application contract in the task definition', () => {
  const f = build('app');
  const template = Template.fromStack(f.appStack).toJSON();
  const c = container(template);
  const secretNames: string[] = c.Secrets.map((s: any) => s.Name);

  test('every variable the reference application reads is injected, and nothing as plain environment', () => {
    const env = Object.fromEntries(secretNames.map((n) => [n, 'x']));
    // The values are placeholders: what matters is that no variable is missing.
    const problems = (() => {
      try {
        settingsFromEnv({ ...env, PORT: '8080', DB_PORT: '15432', SHUTDOWN_GRACE_SECONDS: '30', FILES_MAX_UPLOAD_BYTES: '1', FILES_UPLOAD_URL_EXPIRY_SECONDS: '300', HEALTH_LIVENESS_PATH: '/livez', HEALTH_READINESS_PATH: '/readyz', DB_CA_BUNDLE_PATH: '/ca.pem' });
        return [];
      } catch (e) {
        return (e as { problems: string[] }).problems;
      }
    })();
    expect(problems).toEqual([]);
    expect(secretNames).toEqual(expect.arrayContaining([...Object.values(DATABASE_ENV), ...Object.values(HTTP_ENV), FILES_ENV.bucketParameter, FILES_ENV.maxUploadBytes, FILES_ENV.allowedContentTypes, FILES_ENV.expirySeconds]));
    expect(c.Environment ?? []).toEqual([]);
  });

  test('the credentials come from the application user’s secret, not the master secret', () => {
    const password = c.Secrets.find((s: any) => s.Name === DATABASE_ENV.password).ValueFrom;
    const text = JSON.stringify(password);
    expect(text).toContain('AppUserSecretAttachment');
    expect(text).not.toMatch(/DatabaseSecretAttachment/);
  });

  test('the reference image: uid 1000, liveness for the container check, readiness for the load balancer', () => {
    expect(c.User).toBe('1000');
    expect(c.HealthCheck.Command.join(' ')).toContain('/livez');
    expect(c.HealthCheck.Command.join(' ')).not.toContain('/readyz');
    expect(c.ReadonlyRootFilesystem).toBe(true);
    expect(c.StopTimeout).toBe(30);
  });

  test('the settings carry the configured limits, and the shutdown grace is the container’s stop timeout', () => {
    const resources = template.Resources as Record<string, any>;
    const valueOf = (variable: string) => {
      const ref = c.Secrets.find((s: any) => s.Name === variable).ValueFrom;
      const parameter = Object.entries(resources).find(([id]) => JSON.stringify(ref).includes(`"${id}"`));
      return parameter?.[1].Properties.Value;
    };
    expect(valueOf(HTTP_ENV.shutdownGraceSeconds)).toBe(String(c.StopTimeout));
    expect(valueOf(FILES_ENV.maxUploadBytes)).toBe(String(referenceConfig.files.maxUploadBytes));
    expect(valueOf(FILES_ENV.allowedContentTypes)).toBe(referenceConfig.files.allowedContentTypes.join(','));
    expect(valueOf(FILES_ENV.expirySeconds)).toBe(String(referenceConfig.files.uploadUrlExpirySeconds));
    expect(valueOf(FILES_ENV.bucketParameter)).toBe(uploadBucketParameterName(referenceConfig.projectName));
    expect(valueOf(HTTP_ENV.port)).toBe(String(referenceConfig.app.containerPort));
    expect(valueOf(HTTP_ENV.readinessPath)).toBe(referenceConfig.app.healthCheckPath);
  });

  test('the task role may read the upload bucket parameter and nothing else of SSM', () => {
    const ssmStatements = taskRoleStatements(template).filter((st) => JSON.stringify(st.Action).includes('ssm:'));
    expect(ssmStatements).toHaveLength(1);
    expect(ssmStatements[0].Action).toBe('ssm:GetParameter');
    expect(JSON.stringify(ssmStatements[0].Resource)).toContain(`:parameter${uploadBucketParameterName(referenceConfig.projectName)}`);
  });

  test('the App stack with the reference image leaves no unacknowledged finding in the standard packs', () => {
    const findings = standardRulePacks().flatMap((pack) =>
      pack.validateScope(f.appStack).violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
    );
    expect(findings).toEqual([]);
  });

  test('the rotation rule passes the stack’s own wiring', () => {
    const task = f.appStack.node.findAll().find((x) => x instanceof ecs.CfnTaskDefinition)!;
    expect(flagged(f.appStack, RULE)).toEqual([]);
    expect(task).toBeDefined();
  });

  test('and flags the task when it is handed the master secret (rotated single-user)', () => {
    const bad = build('master', DEFAULT_CONFIG);
    const task = bad.appStack.node.findAll().find((x) => x instanceof ecs.CfnTaskDefinition)!;
    expect(flagged(bad.appStack, RULE)).toContain(task.node.path);
  });
});

describe('HardenedTaskDefinition settings', () => {
  test('refuses a setting that the database secret also fills', () => {
    const stack = new Stack();
    const secret = new secretsmanager.Secret(stack, 'S');
    expect(
      () =>
        new HardenedTaskDefinition(stack, 'T', {
          image: ecs.ContainerImage.fromRegistry('x/y:1'),
          containerPort: 8080,
          cpu: 256,
          memoryLimitMiB: 512,
          healthCheckPath: '/',
          logGroup: new logs.LogGroup(stack, 'L'),
          databaseSecret: secret,
          settings: { DB_PASSWORD: 'oops' },
        }),
    ).toThrow(/setting DB_PASSWORD is also filled from the database secret/);
  });
});
