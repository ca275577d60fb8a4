import { Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { managedKey } from '../core/managed-key';

export interface RecycleScheduleProps {
  /** Cluster of the service. */
  readonly cluster: ecs.ICluster;
  /** The service whose tasks are replaced. */
  readonly service: ecs.IBaseService;
  /** EventBridge Scheduler expression: `cron(m h dom mon dow year)` or `rate(N hours|days)`. */
  readonly scheduleExpression: string;
  /** IANA time zone `scheduleExpression` is read in, e.g. 'Asia/Tokyo'. */
  readonly timeZone: string;
  /** Alias of the dead-letter queue's key, without `alias/`. */
  readonly keyAlias: string;
  /**
   * Retries when the UpdateService call fails (throttling, a service momentarily not ACTIVE).
   * @default 10
   */
  readonly retryAttempts?: number;
  /**
   * How long after its scheduled time an invocation may still be retried; past it the event goes
   * to the dead-letter queue. Keep it well below the recycle interval.
   * @default Duration.hours(1)
   */
  readonly maxEventAge?: Duration;
}

/**
 * Re-initialises the service's containers on a schedule (APP-2): EventBridge Scheduler calls
 * `ecs:UpdateService` with `forceNewDeployment`, so ECS replaces every task with a fresh one from
 * the image (the tag resolved again to its current digest). The caller role may update this one
 * service and nothing else; invocations that still fail after the retries land in an encrypted
 * dead-letter queue. What a monitoring stack needs is exposed: the queue, the schedule group's
 * metrics and the ECS event of a failed deployment.
 */
export class RecycleSchedule extends Construct {
  public readonly schedule: scheduler.Schedule;
  public readonly scheduleGroup: scheduler.ScheduleGroup;
  public readonly role: iam.Role;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly deadLetterKey: kms.Key;
  /**
   * ECS "service deployment failed" events of this service: a recycle whose new tasks never
   * became healthy was rolled back, so the old tasks kept running.
   */
  public readonly deploymentFailedEventPattern: events.EventPattern;

  constructor(scope: Construct, id: string, props: RecycleScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const retryAttempts = props.retryAttempts ?? 10;
    const maxEventAge = props.maxEventAge ?? Duration.hours(1);
    validate(props, retryAttempts, maxEventAge);

    this.deadLetterKey = managedKey(this, 'DeadLetterKey', { purpose: 'failed container recycle invocations', alias: props.keyAlias });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.deadLetterKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const isTheDeadLetterQueue =
      'This queue is itself the dead-letter queue (EventBridge Scheduler DeadLetterConfig) of the recycle schedule; a redrive to a further queue would only move the same failed invocations, which the monitoring stack alarms on here.';
    Validations.of(this.deadLetterQueue.node.defaultChild as sqs.CfnQueue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: isTheDeadLetterQueue },
      { id: 'Serverless-SQSRedrivePolicy', reason: isTheDeadLetterQueue },
    );

    // Its own group: the Scheduler metrics have only the ScheduleGroup dimension, so a group of
    // one schedule makes them this schedule's metrics. Stateless, and its generated name is
    // stable, so it is destroyed with the stack (a retained one would block re-creation).
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });

    this.role = new iam.Role(this, 'Role', {
      description: 'EventBridge Scheduler: force a new deployment of the app service (APP-2)',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn },
        },
      }),
    });
    // Scheduler writes to the encrypted queue as this role.
    this.deadLetterKey.grant(this.role, 'kms:GenerateDataKey', 'kms:Decrypt');

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Replace every app task with a fresh one (APP-2)',
      scheduleGroup: this.scheduleGroup,
      schedule: scheduler.ScheduleExpression.expression(props.scheduleExpression, TimeZone.of(props.timeZone)),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.Universal({
        service: 'ecs',
        action: 'updateService',
        input: scheduler.ScheduleTargetInput.fromObject({
          Cluster: props.cluster.clusterName,
          Service: props.service.serviceName,
          ForceNewDeployment: true,
        }),
        policyStatements: [
          // The service ARN (long format) names its cluster too: this one service and nothing else.
          new iam.PolicyStatement({ sid: 'RecycleThisServiceOnly', actions: ['ecs:UpdateService'], resources: [props.service.serviceArn] }),
        ],
        role: this.role,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts,
        maxEventAge,
      }),
    });

    this.deploymentFailedEventPattern = {
      source: ['aws.ecs'],
      detailType: ['ECS Deployment State Change'],
      resources: [props.service.serviceArn],
      detail: { eventName: ['SERVICE_DEPLOYMENT_FAILED'] },
    };
  }

  /** UpdateService calls that returned an error (each failed attempt, retried or not). */
  public metricTargetErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.scheduleGroup.metricTargetErrors(props);
  }

  /** Invocations given up after the retries without reaching the dead-letter queue. */
  public metricDropped(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.scheduleGroup.metricDropped(props);
  }

  /** Invocations given up after the retries and sent to the dead-letter queue. */
  public metricSentToDeadLetterQueue(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.scheduleGroup.metricSentToDLQ(props);
  }

  /** Failed invocations waiting in the dead-letter queue: any is a missed recycle. */
  public metricDeadLetterMessages(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'max', ...props });
  }
}

function validate(props: RecycleScheduleProps, retryAttempts: number, maxEventAge: Duration): void {
  const problems: string[] = [];
  if (!/^(cron|rate)\(.+\)$/.test(props.scheduleExpression)) {
    problems.push(`scheduleExpression "${props.scheduleExpression}" must be "cron(...)" or "rate(...)"; a one-time "at(...)" would recycle once.`);
  }
  if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185) {
    problems.push(`retryAttempts ${retryAttempts} must be an integer within 0–185.`);
  }
  const age = maxEventAge.toSeconds();
  if (age < 60 || age > 86400) {
    problems.push(`maxEventAge ${age} s must be within 60–86400 s.`);
  }
  if (problems.length > 0) {
    throw new Error(`RecycleSchedule: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
}
