import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { HardenedConfig } from '../config/types';
import { retainedName } from '../config/retained-name';
import { databaseInstanceIdentifier } from '../data/names';
import { managedKey } from '../core/managed-key';
import { AlarmFactory, deadLetterMetric } from '../monitoring/alarm-factory';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { Availability } from '../monitoring/availability';
import { BackupJobAlerts } from '../monitoring/backup-job-alerts';
import { BlockerAlarms, BlockerMetrics } from '../monitoring/blocker-alarms';
import { ServiceDashboard } from '../monitoring/dashboard';
import { DatabaseAlarms, DatabaseMetrics } from '../monitoring/database-alarms';
import { DATABASE_DOWN_CATEGORIES, DatabaseEvents } from '../monitoring/database-events';
import { DatabaseProbe, DatabaseProbePlacement } from '../monitoring/database-probe';
import { EventDeliveryAlarms } from '../monitoring/delivery-alarms';
import { EndpointCanary, EndpointCanaryProps } from '../monitoring/endpoint-canary';
import { FaultDrills } from '../monitoring/fault-drills';
import { FirewallAlarms, FirewallMetrics } from '../monitoring/firewall-alarms';
import { LoadBalancerAlarms, LoadBalancerMetrics } from '../monitoring/load-balancer-alarms';
import { NotificationAlarms } from '../monitoring/notification-alarms';
import { ReceivedFilesAlarms, ReceivedFilesMetrics } from '../monitoring/received-files-alarms';
import { RecycleAlarms, RecycleMetrics } from '../monitoring/recycle-alarms';
import { ServiceAlarms, ServiceMetrics } from '../monitoring/service-alarms';
import { AlarmThresholds, resolveThresholds } from '../monitoring/thresholds';
import { WafAlarms, WafMetrics } from '../monitoring/waf-alarms';

export interface MonitoringStackProps extends StackProps {
  readonly config: HardenedConfig;
  /**
   * The Alerting stack's topic (where the event routes publish; its undelivered queue is their
   * dead-letter queue; its own failures are alarmed here) and the one factory every alarm of the
   * region is made with.
   */
  readonly alerting: { readonly alarmTopic: AlarmTopic; readonly alarmFactory: AlarmFactory };
  /** The public ALB (its full name is the metric dimension). */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The app's target group behind it. */
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The public HTTPS URL the canary requests, at the site's name, e.g. `https://app.example.com/`. */
  readonly publicUrl: string;
  /**
   * What the canary needs to pass the authentication pattern: the sign-in redirect it expects
   * (≥ 1), its client certificate (≥ 2), its placement behind the allowlisted NAT addresses (3).
   * @default - pattern 0: none
   */
  readonly canaryAccess?: Pick<EndpointCanaryProps, 'expectSignInRedirectTo' | 'clientCertificateSecretName' | 'placement'>;
  /** The ECS cluster (Container Insights must be enabled: the task-count alarm reads it). */
  readonly cluster: ecs.ICluster;
  readonly service: ecs.FargateService;
  /** Tasks the service runs normally. */
  readonly desiredTaskCount: number;
  /** Fewest healthy tasks the service may run on. */
  readonly minHealthyTasks: number;
  /** The primary database (Multi-AZ; the failover drill reboots it). */
  readonly database: rds.DatabaseInstance;
  /** Where the database probe runs and what it connects with: the app tier's subnets, security group and secret. */
  readonly databaseProbe: DatabaseProbePlacement;
  /** Name of the Network Firewall (a metric dimension). */
  readonly firewallName: string;
  /** Availability zones of the firewall endpoints. @default - the AZs of `appSubnets` */
  readonly firewallAvailabilityZones?: string[];
  /** The web ACL's name, which is also its CloudWatch metric name (dimension WebACL). */
  readonly webAclName: string;
  /** The GuardDuty blocker. @default - not watched */
  readonly blockerFunction?: lambda.IFunction;
  /** The blocker's dead-letter queue. @default - not watched */
  readonly blockerDeadLetterQueue?: sqs.IQueue;
  /** The blocker's reconciler. @default - not watched */
  readonly blockerReconcilerFunction?: lambda.IFunction;
  /** Blocks evicted early because an IP set was full (`IpBlocker.metricEvictions()`). @default - not watched */
  readonly blockerEvictions?: cloudwatch.IMetric;
  /**
   * The received-files routing (Files stack): its mover function and dead-letter queue.
   * @default - not watched
   */
  readonly receivedFiles?: { readonly moverFunction: lambda.IFunction; readonly deadLetterQueue: sqs.IQueue };
  /**
   * Dead-letter queue of the firewall ALERT copy (NetworkStack): an ALERT object that never
   * reached CloudWatch Logs. @default - not watched
   */
  readonly alertCopyDeadLetterQueue?: sqs.IQueue;
  /**
   * The function copying firewall ALERT objects: its errors are how a parked ALERT object is
   * detected in time (the dead-letter queue is idle, its metrics resume late). @default - not watched
   */
  readonly alertCopyFunction?: lambda.IFunction;
  /** Dead-letter queue of the container-recycle schedule. */
  readonly recycleDeadLetterQueue: sqs.IQueue;
  /** Name of the recycle schedule, for the alarm text. @default - 'the recycle schedule' */
  readonly recycleScheduleName?: string;
  /** Schedule group of the recycle schedule (Scheduler metrics exist per group). @default - account-wide Scheduler metrics */
  readonly recycleScheduleGroupName?: string;
  /** The app subnets; the first one is the one the subnet-outage drill cuts. */
  readonly appSubnets: ec2.ISubnet[];
  /** Destination of the canary bucket's server-access logs. */
  readonly accessLogBucket: s3.IBucket;
  /** Threshold overrides. @default - `defaultAlarmThresholds()` */
  readonly thresholds?: Partial<AlarmThresholds>;
}

/** The alarms of the stack. */
export interface MonitoringAlarms {
  /** Every metric alarm. */
  readonly all: cloudwatch.Alarm[];
  /** Those that must fire within 180 s. */
  readonly critical: cloudwatch.Alarm[];
}

/**
 * Detection (MON-1, MON-2, MON-5, RES-1): alarms on every critical component notifying the
 * Alerting stack's encrypted topic within 5 minutes (critical ones within 3, publication delay included), RDS
 * events told as they happen, an outside-in canary, a composite
 * service-down alarm, the availability figure and its alarm, a dashboard, and fault drills.
 * Takes the other stacks' objects as props and owns nothing they depend on: domain constructs
 * expose metrics and dead-letter queues, and every alarm of the primary region is made here, with
 * the Alerting stack's one factory, and shown on the dashboard.
 */
export class MonitoringStack extends Stack {
  public readonly alarms: MonitoringAlarms;
  /** The factory every alarm of the stack was made by (the Alerting stack's; their honest detection times). */
  public readonly alarmFactory: AlarmFactory;
  /** Customer impact: the outside-in probe fails, no target is healthy, no task runs, or nobody can connect to the database. */
  public readonly serviceDownAlarm: cloudwatch.CompositeAlarm;
  public readonly canary: synthetics.Canary;
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly experimentTemplates: fis.CfnExperimentTemplate[];
  /** Key of the canary artifacts and the drill logs. */
  public readonly key: kms.Key;

  public readonly loadBalancerAlarms: LoadBalancerAlarms;
  public readonly serviceAlarms: ServiceAlarms;
  public readonly databaseAlarms: DatabaseAlarms;
  public readonly firewallAlarms: FirewallAlarms;
  public readonly wafAlarms: WafAlarms;
  public readonly blockerAlarms?: BlockerAlarms;
  /** The received-files mover and its dead letters, when `receivedFiles` is given. */
  public readonly receivedFilesAlarms?: ReceivedFilesAlarms;
  /** The alarm topic's own failures (delivery to a subscriber, parked notifications). */
  public readonly notificationAlarms: NotificationAlarms;
  public readonly recycleAlarms: RecycleAlarms;
  public readonly availability: Availability;
  public readonly endpointCanary: EndpointCanary;
  public readonly faultDrills: FaultDrills;
  public readonly backupJobAlerts: BackupJobAlerts;
  /** Connects to the primary every minute as the app does; its `database-unreachable` alarm is a child of service-down. */
  public readonly databaseProbe: DatabaseProbe;
  /** RDS events of the primary (down, failover, failure) told to the topic, and their alarm. */
  public readonly databaseEvents: DatabaseEvents;
  /** EventBridge targets that failed after every retry (producers of the dead letters). */
  public readonly eventDeliveries: EventDeliveryAlarms;
  /** ALERT objects that never reached CloudWatch Logs, when `alertCopyDeadLetterQueue` is given. */
  public readonly alertCopyDeadLetters?: cloudwatch.Alarm;
  /** The ALERT copy failed (retried, then parked), when `alertCopyFunction` is given. */
  public readonly alertCopyErrors?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.validate(props);
    const prefix = config.projectName;
    const thresholds = resolveThresholds(props.thresholds);

    const { alarmTopic } = props.alerting;
    const alarms = props.alerting.alarmFactory;
    this.alarmFactory = alarms;
    // The routes' dead-letter queue, by ARN: the Alerting stack admits every rule of the account
    // (AlarmTopic.allowEventRouteDeadLetters), so no policy statement per rule goes down there.
    const undelivered = sqs.Queue.fromQueueArn(this, 'AlarmTopicUndelivered', alarmTopic.deadLetterQueue.queueArn);
    this.key = managedKey(this, 'Key', { purpose: 'monitoring data (canary artifacts, fault-drill logs)', alias: `${prefix}/monitoring` });

    const lbMetrics = new LoadBalancerMetrics(props.loadBalancer, props.targetGroup);
    this.loadBalancerAlarms = new LoadBalancerAlarms(this, 'LoadBalancer', { metrics: lbMetrics, alarms, thresholds, minHealthyTargets: props.minHealthyTasks });
    const serviceMetrics = new ServiceMetrics(props.cluster, props.service);
    this.serviceAlarms = new ServiceAlarms(this, 'Service', { metrics: serviceMetrics, alarms, thresholds, desiredTaskCount: props.desiredTaskCount });
    const databaseMetrics = new DatabaseMetrics(props.database);
    this.databaseAlarms = new DatabaseAlarms(this, 'Database', { metrics: databaseMetrics, alarms, thresholds, allocatedStorageGiB: config.data.allocatedStorageGiB });
    const firewallAzs = props.firewallAvailabilityZones ?? [...new Set(props.appSubnets.map((s) => s.availabilityZone))];
    const firewallMetrics = new FirewallMetrics(props.firewallName, firewallAzs);
    this.firewallAlarms = new FirewallAlarms(this, 'Firewall', { metrics: firewallMetrics, alarms, thresholds });
    const wafMetrics = new WafMetrics(props.webAclName, this.region);
    this.wafAlarms = new WafAlarms(this, 'Waf', { metrics: wafMetrics, alarms, thresholds });
    const blockerMetrics = props.blockerFunction
      ? new BlockerMetrics(props.blockerFunction, props.blockerDeadLetterQueue, { reconciler: props.blockerReconcilerFunction, evictions: props.blockerEvictions })
      : undefined;
    if (blockerMetrics) this.blockerAlarms = new BlockerAlarms(this, 'Blocker', { metrics: blockerMetrics, alarms });
    const filesMetrics = props.receivedFiles ? new ReceivedFilesMetrics(props.receivedFiles.moverFunction, props.receivedFiles.deadLetterQueue) : undefined;
    if (filesMetrics) this.receivedFilesAlarms = new ReceivedFilesAlarms(this, 'ReceivedFiles', { metrics: filesMetrics, alarms });
    const recycleMetrics = new RecycleMetrics(props.recycleDeadLetterQueue, props.recycleScheduleGroupName);
    this.recycleAlarms = new RecycleAlarms(this, 'Recycle', { metrics: recycleMetrics, alarms, scheduleName: props.recycleScheduleName });

    this.endpointCanary = new EndpointCanary(this, 'Endpoint', {
      publicUrl: props.publicUrl,
      ...props.canaryAccess,
      canaryName: `${prefix}-endpoint`,
      encryptionKey: this.key,
      accessLogBucket: props.accessLogBucket,
      alarms,
    });
    this.canary = this.endpointCanary.canary;
    this.availability = new Availability(this, 'Availability', { metrics: lbMetrics, alarms, targetPercent: thresholds.availabilityPercent });

    this.databaseProbe = new DatabaseProbe(this, 'DatabaseProbe', {
      ...props.databaseProbe,
      instanceIdentifier: databaseInstanceIdentifier(config),
      alarms,
      encryptionKey: this.key,
      deadLetterQueue: undelivered,
      deadLetterKey: alarmTopic.key,
      // Retained (DATA-5): named through retainedName (README "Destroying and deploying again").
      logGroupName: retainedName(config, `/${prefix}/database-probe`),
      logRetentionDays: config.logs.retentionDays,
    });

    // Critical children only (each within 180 s): a database nobody can connect to shows here
    // through the database probe (and the outside-in probe, as the app answers 5xx); RDS's own
    // events reach the topic directly (DatabaseEvents).
    this.serviceDownAlarm = alarms.addAnyOfAlarm(this, 'ServiceDown', {
      name: 'service-down',
      description:
        'Customers cannot use the service: the outside-in probe fails, no target is healthy, no task runs, or nobody can connect to the database. Page the on-call; the child alarm in ALARM says where to start.',
      alarms: [this.endpointCanary.unreachable, this.loadBalancerAlarms.noHealthyTargets, this.serviceAlarms.noRunningTasks, this.databaseProbe.unreachable],
    });
    // Under the id the topic had in this stack before the Alerting stack: the alarms keep their
    // logical ids and names, so CloudFormation updates them in place.
    this.notificationAlarms = new NotificationAlarms(new Construct(this, 'AlarmTopic'), alarms, alarmTopic, 'alarm-notifications-undelivered');
    // Failed backup and copy jobs and RDS events are events, not metrics: told to the topic as
    // they happen; what EventBridge cannot publish joins the undelivered notifications.
    this.databaseEvents = new DatabaseEvents(this, 'DatabaseEvents', {
      instanceArn: props.database.instanceArn,
      categories: DATABASE_DOWN_CATEGORIES,
      topic: alarmTopic.topic,
      undelivered,
      alarms,
      alarmName: 'rds-down-or-failing-over',
      // Database down is a critical failure: the event itself reaches the topic within about a minute.
      routeClass: 'critical',
      meaning: 'The database is (or was) down, restarting or failing over: the app sees connection errors until it is back. Check the instance status; if it does not return, follow the DR runbook.',
    });
    this.eventDeliveries = new EventDeliveryAlarms(this, 'EventDeliveries', { alarms });
    this.backupJobAlerts = new BackupJobAlerts(this, 'BackupJobs', { alarmTopic: alarmTopic.topic, undelivered });
    if (props.alertCopyDeadLetterQueue) {
      this.alertCopyDeadLetters = alarms.addDeadLetterAlarm(this, 'AlertCopyDeadLetters', {
        name: 'firewall-alert-copy-dead-letters',
        description:
          'A firewall ALERT log object could not be copied to CloudWatch Logs after every retry: its alerts are in the locked archive only. The message names the object; fix the cause (the function log says it) and replay it.',
        metric: deadLetterMetric(props.alertCopyDeadLetterQueue, 'ALERT objects in the copy dead-letter queue'),
      });
    }
    if (props.alertCopyFunction) {
      this.alertCopyErrors = alarms.addAlarm(this, 'AlertCopyErrors', {
        name: 'firewall-alert-copy-errors',
        description: 'The firewall ALERT copy failed at least once in a minute (it retries; after the last retry the object is parked in its dead-letter queue). Its log group has the error and the object key.',
        metric: props.alertCopyFunction.metricErrors({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // Lambda reports only while invoked: no ALERT objects, no datapoints.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        datapointsToAlarm: 1,
      });
    }
    this.alarms = { all: alarms.all, critical: alarms.critical };

    const expected = (alarm: cloudwatch.Alarm) => ({ alarm, boundSeconds: alarms.detectionTimeOf(alarm).boundSeconds });
    this.faultDrills = new FaultDrills(this, 'FaultDrills', {
      // Names the drills' retained log group, hence the suffix (README "Destroying and deploying again").
      namePrefix: retainedName(config, prefix),
      cluster: props.cluster,
      service: props.service,
      database: props.database,
      appSubnet: props.appSubnets[0],
      expect: {
        tasksBelowDesired: expected(this.serviceAlarms.tasksBelowDesired),
        databaseUnavailable: expected(this.databaseEvents.alarm),
        unhealthyTargets: expected(this.loadBalancerAlarms.unhealthyHosts),
      },
      stopWhen: {
        serviceDown: this.serviceDownAlarm,
        availabilityBelowTarget: this.availability.belowTarget,
        endpointUnreachable: this.endpointCanary.unreachable,
      },
      encryptionKey: this.key,
      logRetentionDays: config.logs.retentionDays,
    });
    this.experimentTemplates = this.faultDrills.all;

    this.dashboard = new ServiceDashboard(this, 'Dashboard', {
      dashboardName: `${prefix}-service-health`,
      loadBalancer: lbMetrics,
      service: serviceMetrics,
      database: databaseMetrics,
      databaseProbe: { reachable: this.databaseProbe.reachableMetric, latency: this.databaseProbe.latencyMetric },
      firewall: firewallMetrics,
      waf: wafMetrics,
      recycle: recycleMetrics,
      blocker: blockerMetrics,
      receivedFiles: filesMetrics,
      canary: this.canary,
      availability: this.availability,
      alarms: [this.serviceDownAlarm, ...this.alarms.all],
    }).dashboard;

    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboardName, description: 'CloudWatch dashboard of the service' });
    new CfnOutput(this, 'DrillStopHalfTheTasks', { value: this.faultDrills.stopHalfTheTasks.ref, description: 'FIS template id: stop 50% of the app tasks' });
    new CfnOutput(this, 'DrillForceDatabaseFailover', { value: this.faultDrills.forceDatabaseFailover.ref, description: 'FIS template id: force a Multi-AZ failover' });
    new CfnOutput(this, 'DrillCutAppSubnet', { value: this.faultDrills.cutAppSubnet.ref, description: 'FIS template id: cut one app subnet for 5 minutes' });
  }

  private validate(props: MonitoringStackProps): void {
    const problems: string[] = [];
    if (this.region !== props.config.primaryRegion) {
      problems.push(`MonitoringStack must be in primaryRegion "${props.config.primaryRegion}" (alarms are regional), got env region "${this.region}". The DR replica is watched by ReplicaLagMonitoring in the DR stack.`);
    }
    if (props.appSubnets.length === 0) problems.push('appSubnets is empty: the subnet-outage drill needs at least one app subnet.');
    if (!Number.isInteger(props.minHealthyTasks) || props.minHealthyTasks < 1) problems.push(`minHealthyTasks must be a whole number ≥ 1, got ${props.minHealthyTasks}.`);
    if (!Number.isInteger(props.desiredTaskCount) || props.desiredTaskCount < props.minHealthyTasks) {
      problems.push(`desiredTaskCount must be a whole number ≥ minHealthyTasks (${props.minHealthyTasks}), got ${props.desiredTaskCount}.`);
    }
    for (const extra of ['blockerDeadLetterQueue', 'blockerReconcilerFunction', 'blockerEvictions'] as const) {
      if (props[extra] && !props.blockerFunction) problems.push(`${extra} was given without blockerFunction.`);
    }
    if (Stack.of(props.alerting.alarmTopic).region !== this.region) {
      problems.push(`alerting must be the Alerting stack of this region (${this.region}), got one in "${Stack.of(props.alerting.alarmTopic).region}": its alarms and event routes would notify a topic of another region.`);
    }
    if (props.alertCopyDeadLetterQueue && !props.alertCopyFunction) {
      problems.push('alertCopyDeadLetterQueue was given without alertCopyFunction: a parked ALERT object would only be seen when SQS resumes the idle queue\'s metrics (up to 15 minutes).');
    }
    if (problems.length > 0) throw new Error(`Invalid MonitoringStack props:\n  - ${problems.join('\n  - ')}`);
  }
}
