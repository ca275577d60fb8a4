import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEFAULT_METRICS_NAMESPACE,
  DIMENSION,
  ENV,
  LAMBDA_RUNTIME_CA_BUNDLE,
  METRIC,
  PROBE_FUNCTION_TIMEOUT_SECONDS,
} from '../../lambda/shared/contracts/database-probe';
import { hardenedFunction } from '../core/hardened-function';
import { encryptedLogGroup } from '../core/encrypted-log-group';
import { AlarmFactory } from './alarm-factory';

const LAMBDA_DIR = path.join(__dirname, '..', '..', 'lambda', 'database-probe');

/**
 * Where the probe runs and what it connects with: the app tier's subnets, security group and
 * database secret, so that it takes exactly the path the application takes (and the database's
 * security group, which admits only the app tier, needs no new rule: NET-4).
 */
export interface DatabaseProbePlacement {
  readonly vpc: ec2.IVpc;
  /** The app tier's subnets (they reach Secrets Manager through its interface endpoint). */
  readonly subnets: ec2.SubnetSelection;
  /** The app tier's security group: PostgreSQL to the data tier, HTTPS to the endpoints. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The application user's secret (host, port, username, password), rotated by alternating users. */
  readonly secret: secretsmanager.ISecret;
  /** The key the secret is encrypted with (the database key): Decrypt through Secrets Manager only. */
  readonly secretKey: kms.IKey;
  /** Database the probe connects to when the secret names none (the app's, `DEFAULT_DATABASE_NAME`). */
  readonly databaseName: string;
  /** The shared policy with the resourceless actions of functions in the VPC (X-Ray, network interfaces). */
  readonly resourcelessActions: iam.IManagedPolicy;
}

export interface DatabaseProbeProps extends DatabaseProbePlacement {
  /** The primary instance's identifier (a literal): the metrics' `DBInstanceIdentifier` dimension. */
  readonly instanceIdentifier: string;
  readonly alarms: AlarmFactory;
  /** Encrypts the function's log group (the monitoring stack's key). */
  readonly encryptionKey: kms.Key;
  /**
   * Where a scheduled event the function could not take is parked: the alarm topic's queue of
   * undelivered notifications (already alarmed, EventBridge already admitted on its key), so
   * the probe adds no queue of its own.
   */
  readonly deadLetterQueue: sqs.IQueue;
  /** The key of `deadLetterQueue`. */
  readonly deadLetterKey: kms.IKey;
  /** Name of the function's log group (retained: pass it through `retainedName`). */
  readonly logGroupName: string;
  /** Days the function's log is kept: a CloudWatch retention value. */
  readonly logRetentionDays: number;
  /** @default DEFAULT_METRICS_NAMESPACE */
  readonly metricsNamespace?: string;
}

/**
 * MON-2, "database down", seen as the application sees it: every minute a function in the app
 * tier reads the app's secret, opens a verified-TLS connection and runs `SELECT 1`, and publishes
 * `DatabaseReachable` (1/0). RDS events say the instance failed or fails over; the probe says
 * whether anyone can actually connect — a full connection table, a broken certificate chain, a
 * security-group change or a rotation gone wrong send no RDS event.
 *
 * The `database-unreachable` alarm is critical: 1 of 1 one-minute datapoints below 1, missing
 * data breaching (a probe that stops reporting cannot vouch for the database): honest bound
 * 60 s + the custom metrics' 60 s publication delay + 60 s cadence = 180 s, on silence 240 s.
 */
export class DatabaseProbe extends Construct {
  public readonly probeFunction: NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  /** Every minute, at the start of the minute. */
  public readonly schedule: events.Rule;
  /** `DatabaseReachable`, minimum per minute. */
  public readonly reachableMetric: cloudwatch.Metric;
  /** `DatabaseProbeLatency`, maximum per minute (dashboards). */
  public readonly latencyMetric: cloudwatch.Metric;
  /** Critical: nobody can connect to the database (or the probe stopped reporting). */
  public readonly unreachable: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DatabaseProbeProps) {
    super(scope, id);
    if (!/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(props.instanceIdentifier)) {
      throw new Error(`DatabaseProbe instanceIdentifier: got ${JSON.stringify(props.instanceIdentifier)}; expected the literal RDS instance identifier (a letter, then letters, digits or hyphens, at most 63)`);
    }
    const region = Stack.of(this).region;
    const namespace = props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;

    this.logGroup = encryptedLogGroup(this, 'Logs', { logGroupName: props.logGroupName, encryptionKey: props.encryptionKey, retentionDays: props.logRetentionDays });

    const probe = hardenedFunction(this, 'Probe', {
      entry: path.join(LAMBDA_DIR, 'handler.ts'),
      logGroup: this.logGroup,
      description: 'Connects to the primary database every minute as the app does (verified TLS, SELECT 1) and publishes DatabaseReachable',
      memorySize: 256,
      timeout: Duration.seconds(PROBE_FUNCTION_TIMEOUT_SECONDS),
      environment: {
        [ENV.secretArn]: props.secret.secretArn,
        [ENV.databaseName]: props.databaseName,
        [ENV.instanceIdentifier]: props.instanceIdentifier,
        [ENV.caBundlePath]: LAMBDA_RUNTIME_CA_BUNDLE,
        [ENV.metricsNamespace]: namespace,
      },
      statements: [
        // Read the app's secret, nothing else; its key only through Secrets Manager.
        // https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.secret.secretArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [props.secretKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
        }),
      ],
      encryptionKey: props.deadLetterKey,
      keyViaServices: ['sqs'],
      deadLetterQueue: props.deadLetterQueue,
      // One probe at a time: an invocation ends within 30 s, well before the next minute's.
      reservedConcurrentExecutions: 1,
      resourcelessActions: props.resourcelessActions,
      vpc: { vpc: props.vpc, subnets: props.subnets, securityGroups: [props.securityGroup] },
    });
    this.probeFunction = probe.function;
    this.role = probe.role;

    // Every minute (a rule fires within its minute, not on its 0th second; a rate would count from
    // the rule's creation). A datapoint that slips into the next minute leaves a one-minute gap the
    // alarm rides over: with a real datapoint in its evaluation range it judges that one
    // (ALARM_EVALUATION.missingDataDoc). https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
    this.schedule = new events.Rule(this, 'EveryMinute', {
      description: 'Runs the database probe at the start of every minute (MON-2)',
      schedule: events.Schedule.cron({ minute: '*' }),
      targets: [
        new targets.LambdaFunction(this.probeFunction, {
          deadLetterQueue: props.deadLetterQueue,
          // A probe more than a minute late measures nothing useful: the next one is already due.
          retryAttempts: 0,
          maxEventAge: Duration.minutes(1),
        }),
      ],
    });

    const dimensionsMap = { [DIMENSION]: props.instanceIdentifier };
    this.reachableMetric = new cloudwatch.Metric({
      namespace,
      metricName: METRIC.reachable,
      dimensionsMap,
      statistic: cloudwatch.Stats.MINIMUM,
      period: Duration.minutes(1),
      label: 'Database reachable (probe)',
    });
    this.latencyMetric = new cloudwatch.Metric({
      namespace,
      metricName: METRIC.latency,
      dimensionsMap,
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
      label: 'Database probe latency (ms)',
    });

    this.unreachable = props.alarms.addAlarm(this, 'Unreachable', {
      name: 'database-unreachable',
      description:
        'The database probe could not connect and run SELECT 1 over verified TLS (twice in a row, the secret re-read after an authentication failure), or it stopped reporting. The app sees the same. The probe\'s log says why (refused, timeout, tls, authentication, not-accepting, dns); RDS events on the topic say whether it is a failover.',
      metric: this.reachableMetric,
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // Liveness: a probe that stops reporting (function broken, no network path) cannot vouch for the database.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      datapointsToAlarm: 1,
      critical: true,
    });
  }
}
