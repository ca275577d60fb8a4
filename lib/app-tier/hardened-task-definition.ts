import { Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { DATABASE_SECRET_FIELDS } from './app-contract';
import { allowGuardDutyAgentPull } from './guardduty-agent';

/** The uid the default image (nginx-unprivileged) runs as. */
export const NGINX_UNPRIVILEGED_USER = '101';

/** A writable in-memory directory in an otherwise read-only container. */
export interface WritablePath {
  /** Absolute path inside the container. */
  readonly containerPath: string;
  /** Size in MiB; counts against the task's memory. */
  readonly sizeMiB: number;
}

/**
 * Where nginx-unprivileged writes at run time: its pid file and temp paths (`/tmp`), its cache
 * (`/var/cache/nginx`) and run directory (`/var/run`).
 */
export const NGINX_UNPRIVILEGED_WRITABLE_PATHS: readonly WritablePath[] = [
  { containerPath: '/tmp', sizeMiB: 64 },
  { containerPath: '/var/cache/nginx', sizeMiB: 32 },
  { containerPath: '/var/run', sizeMiB: 1 },
];

/**
 * Environment variables filled from the database secret, by the secret's JSON key (the
 * application contract's; the keys are those of an RDS secret attached to its instance).
 */
export const DEFAULT_DATABASE_SECRET_FIELDS: Readonly<Record<string, string>> = DATABASE_SECRET_FIELDS;

/**
 * Time between SIGTERM and SIGKILL when ECS stops the container: the application's whole
 * shutdown (finish in-flight requests, close the pool) must fit in it. ECS sends SIGTERM only
 * after the target group's deregistration delay, so no new request arrives meanwhile.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
 */
export const STOP_TIMEOUT = Duration.seconds(30);

export interface HardenedTaskDefinitionProps {
  /** The application image. */
  readonly image: ecs.ContainerImage;
  /** Port the container listens on (≥ 1024: a non-root process cannot bind below). */
  readonly containerPort: number;
  /** Task CPU units (a Fargate size: 256, 512, 1024, …). */
  readonly cpu: number;
  /** Task memory in MiB (valid for `cpu` on Fargate). */
  readonly memoryLimitMiB: number;
  /** Path the container health check requests on `containerPort`. */
  readonly healthCheckPath: string;
  /**
   * Path the container health check requests instead, when the image answers liveness apart from
   * readiness (the application contract): a database outage then takes the task out of the load
   * balancer (readiness) without ECS killing and replacing it (liveness).
   * @default - `healthCheckPath`
   */
  readonly livenessPath?: string;
  /**
   * Settings the container receives as environment variables (the application contract's), by
   * name. Each is kept in an SSM String parameter of this construct and injected through the
   * container's `secrets`, not its plain `environment` (AwsSolutions-ECS2: a value in the task
   * definition is visible to anyone who can describe it, and changing one means a new revision).
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
   * @default - none
   */
  readonly settings?: Readonly<Record<string, string>>;
  /** Log group the container writes to through the awslogs driver. */
  readonly logGroup: logs.ILogGroup;
  /** Secret holding the database credentials; its fields are injected as secrets, never as plain variables. */
  readonly databaseSecret: secretsmanager.ISecret;
  /**
   * Environment variable → JSON key of `databaseSecret`. Every key must exist in the secret, or
   * the task fails to start.
   * @default DEFAULT_DATABASE_SECRET_FIELDS (DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD)
   */
  readonly databaseSecretFields?: Readonly<Record<string, string>>;
  /**
   * User the container process runs as (`uid`, `uid:gid` or a name known to the image). Root
   * (`0`, `root`) is refused.
   * @default '101' (nginx-unprivileged's user)
   */
  readonly user?: string;
  /**
   * Directories the process may write to, mounted as tmpfs over the read-only root filesystem
   * (noexec, nosuid, nodev).
   * @default NGINX_UNPRIVILEGED_WRITABLE_PATHS
   */
  readonly writablePaths?: readonly WritablePath[];
  /**
   * CPU architecture of the tasks; the image must be built for it.
   * @default ARM64 (Graviton; the default image is multi-arch)
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;
  /**
   * Container health check command.
   * @default - busybox `wget` of `http://127.0.0.1:<containerPort><healthCheckPath>` (present in Alpine-based images)
   */
  readonly healthCheckCommand?: string[];
  /**
   * Name of the container (the load balancer and the recycle target refer to it).
   * @default 'app'
   */
  readonly containerName?: string;
}

/**
 * A Fargate task definition whose single container cannot change its own image or gain
 * privileges (APP-3): read-only root filesystem with small tmpfs scratch directories, a non-root
 * user, every Linux capability dropped, an init process reaping zombies, a health check, logs to
 * an encrypted CloudWatch log group, and database credentials injected from Secrets Manager.
 */
export class HardenedTaskDefinition extends Construct {
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly container: ecs.ContainerDefinition;
  public readonly containerPort: number;

  constructor(scope: Construct, id: string, props: HardenedTaskDefinitionProps) {
    super(scope, id);
    const user = props.user ?? NGINX_UNPRIVILEGED_USER;
    const writablePaths = props.writablePaths ?? NGINX_UNPRIVILEGED_WRITABLE_PATHS;
    const secretFields = props.databaseSecretFields ?? DEFAULT_DATABASE_SECRET_FIELDS;
    validate(props, user, writablePaths, secretFields);
    this.containerPort = props.containerPort;

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryLimitMiB,
      runtimePlatform: {
        cpuArchitecture: props.cpuArchitecture ?? ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });

    const linuxParameters = new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true });
    linuxParameters.dropCapabilities(ecs.Capability.ALL);
    // tmpfs rather than bind-mount volumes: Fargate creates an empty bind mount owned by root
    // with mode 0755, which a non-root process cannot write; a fresh tmpfs is world-writable
    // (mode 1777 unless told otherwise) and vanishes with the task. Fargate supports tmpfs since
    // January 2026.
    linuxParameters.addTmpfs(
      ...writablePaths.map((p) => ({
        containerPath: p.containerPath,
        size: p.sizeMiB,
        mountOptions: [
          ecs.TmpfsMountOption.RW,
          ecs.TmpfsMountOption.NOEXEC,
          ecs.TmpfsMountOption.NOSUID,
          ecs.TmpfsMountOption.NODEV,
        ],
      })),
    );

    // The secret is read through a keyless view of it: granting on the secret's own key (in the
    // data stack) would write this stack's execution role into that key's policy, a reference
    // back from the data stack to this one (a cycle). The same decrypt permission is given to the
    // role below instead, where the key's default policy (account principal) honours it.
    const secretView = secretsmanager.Secret.fromSecretAttributes(this, 'DatabaseSecret', {
      secretCompleteArn: props.databaseSecret.secretArn,
    });
    const secrets: Record<string, ecs.Secret> = {};
    for (const [variable, field] of Object.entries(secretFields)) {
      secrets[variable] = ecs.Secret.fromSecretsManager(secretView, field);
    }
    for (const [variable, value] of Object.entries(props.settings ?? {})) {
      const parameter = new ssm.StringParameter(this, `Setting-${variable}`, {
        stringValue: value,
        description: `${variable} of the app container (application contract)`,
      });
      secrets[variable] = ecs.Secret.fromSsmParameter(parameter);
    }

    this.container = this.taskDefinition.addContainer('App', {
      containerName: props.containerName ?? 'app',
      image: props.image,
      essential: true,
      user,
      readonlyRootFilesystem: true,
      linuxParameters,
      portMappings: [{ name: 'http', containerPort: props.containerPort, protocol: ecs.Protocol.TCP }],
      secrets,
      healthCheck: {
        command: props.healthCheckCommand ?? [
          'CMD-SHELL',
          `wget -q -O /dev/null http://127.0.0.1:${props.containerPort}${props.livenessPath ?? props.healthCheckPath} || exit 1`,
        ],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      logging: ecs.LogDrivers.awsLogs({
        logGroup: props.logGroup,
        streamPrefix: 'app',
        // An audited service prefers a stalled write to a silently dropped log line.
        mode: ecs.AwsLogDriverMode.BLOCKING,
      }),
      stopTimeout: STOP_TIMEOUT,
    });

    // GuardDuty's runtime agent is pulled with the execution role (MON-3). Its registry login
    // ("*") is acknowledged there, once, for the application repository too when the image is in ECR.
    allowGuardDutyAgentPull(this.taskDefinition);

    const secretKey = props.databaseSecret.encryptionKey;
    if (secretKey) {
      this.taskDefinition.obtainExecutionRole().addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'DecryptTheDatabaseSecretViaSecretsManager',
          actions: ['kms:Decrypt'],
          resources: [secretKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
  }
}

function validate(
  props: HardenedTaskDefinitionProps,
  user: string,
  writablePaths: readonly WritablePath[],
  secretFields: Readonly<Record<string, string>>,
): void {
  const problems: string[] = [];
  const principal = user.split(':')[0].trim();
  if (principal === '' || principal === '0' || principal === 'root') {
    problems.push(`user "${user}" runs the container as root; give a non-root uid such as "${NGINX_UNPRIVILEGED_USER}" (APP-3).`);
  }
  if (!Number.isInteger(props.containerPort) || props.containerPort < 1024 || props.containerPort > 65535) {
    problems.push(`containerPort ${props.containerPort} must be an integer in 1024–65535 (a non-root process cannot bind below 1024).`);
  }
  if (!props.healthCheckPath.startsWith('/')) {
    problems.push(`healthCheckPath "${props.healthCheckPath}" must start with "/".`);
  }
  if (props.livenessPath !== undefined && !props.livenessPath.startsWith('/')) {
    problems.push(`livenessPath "${props.livenessPath}" must start with "/".`);
  }
  for (const p of writablePaths) {
    if (!p.containerPath.startsWith('/') || p.containerPath === '/') {
      problems.push(`writable path "${p.containerPath}" must be an absolute directory other than "/".`);
    }
    if (!Number.isInteger(p.sizeMiB) || p.sizeMiB < 1) {
      problems.push(`writable path "${p.containerPath}" has size ${p.sizeMiB} MiB; give a whole number of MiB ≥ 1.`);
    }
  }
  const scratch = writablePaths.reduce((sum, p) => sum + p.sizeMiB, 0);
  if (scratch >= props.memoryLimitMiB / 2) {
    problems.push(`writable paths take ${scratch} MiB of the task's ${props.memoryLimitMiB} MiB; keep tmpfs below half the memory.`);
  }
  for (const [variable, value] of Object.entries(props.settings ?? {})) {
    if (variable in secretFields) problems.push(`setting ${variable} is also filled from the database secret; give each variable one source.`);
    if (value === '') problems.push(`setting ${variable} is empty; SSM parameters need a value (leave the setting out instead).`);
  }
  if (Object.keys(secretFields).length === 0) {
    problems.push('databaseSecretFields is empty; the application would get no database credentials.');
  }
  if (problems.length > 0) {
    throw new Error(`HardenedTaskDefinition: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
}
