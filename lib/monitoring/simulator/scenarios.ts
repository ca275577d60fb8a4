/**
 * Scenario worlds for the alarm simulator: what the system does minute by minute (traffic, tasks,
 * targets, database, firewall, WAF, blocker, schedules, events) and which metrics AWS publishes
 * for it. Publication rules follow each service's page (`metric-sources.ts`): ALB, WAF, Network
 * Firewall, Lambda, Scheduler and EventBridge publish counts only when non-zero; SQS stops
 * publishing for an idle queue and resumes up to 15 minutes after a message arrives; Container
 * Insights and RDS publish every minute while the service or instance exists; the canary
 * publishes once per run, and so does the database probe (its own EMF metric, every minute). Pure.
 */
import { DEFAULT_METRICS_NAMESPACE as PROBE_NAMESPACE, METRIC as PROBE_METRIC } from '../../../lambda/shared/contracts/database-probe';
import { MetricWorld, ScenarioEvent } from './engine';
import { MetricRef } from './template-alarms';

/** The state of the system during one minute. */
export interface WorldState {
  /** Customer requests per minute (the canary's one request comes on top). */
  readonly customerRequests: number;
  /** The canary runs and its request is judged (false: the canary itself is broken and does not run). */
  readonly canaryRuns: boolean;
  /** Something only the probe sees fails (TLS, DNS, WAF rule): its runs fail. */
  readonly canaryBroken: boolean;
  readonly desiredTasks: number;
  readonly runningTasks: number;
  /** Container Insights publishes the service's task counts. */
  readonly containerInsights: boolean;
  readonly healthyTargets: number;
  readonly unhealthyTargets: number;
  /** The ALB publishes the target group's host counts (it may not for a group with no targets). */
  readonly targetGroupReporting: boolean;
  /** Share of the requests reaching a target that it answers with a 5xx. */
  readonly targetErrorRate: number;
  readonly p99Seconds: number;
  readonly serviceCpu: number;
  readonly serviceMemory: number;
  /**
   * The primary database: up, down (instance stopped, crashed), failing over (metrics keep
   * flowing), or refusing: the instance runs and publishes, RDS sends no event, but no new session
   * gets through (connection slots full, a certificate or security-group change, a rotation gone
   * wrong). The database probe publishes 1 only while it is up.
   */
  readonly database: 'up' | 'down' | 'failover' | 'refusing';
  readonly databaseCpu: number;
  readonly databaseConnections: number;
  /** WAL the replica has not received, bytes (the primary's slot lag). */
  readonly replicationSlotLagBytes: number;
  /** The replica exists and reports. */
  readonly replicaReporting: boolean;
  /** The firewall endpoints report packets. */
  readonly firewallReporting: boolean;
  readonly firewallDropsPerMinute: number;
  readonly wafBlockedPerMinute: number;
  readonly blockerInvocations: number;
  readonly blockerErrors: number;
  /** Failed runs of the blocker's reconciler this minute (it runs every 10 minutes). */
  readonly reconcilerErrors: number;
  /** Blocks the blocker evicted early this minute because an IP set was full. */
  readonly blocksEvicted: number;
  /** Failed invocations of the received-files mover this minute. */
  readonly filesMoverErrors: number;
  /** Failed invocations of the firewall ALERT copy function this minute. */
  readonly alertCopyErrors: number;
  /** Failed invocations of the recycle schedule in this minute. */
  readonly recycleTargetErrors: number;
  /** EventBridge targets that failed for good this minute (account-wide). */
  readonly eventDeliveriesFailed: number;
  /** Alarm notifications SNS failed to deliver this minute. */
  readonly notificationsFailed: number;
  /** First minute a message sits in each dead-letter queue (by a pattern of the queue's rendered name). */
  readonly deadLetterSince: Readonly<Record<string, number>>;
}

export const HEALTHY_BUSY: WorldState = {
  customerRequests: 3000,
  canaryRuns: true,
  canaryBroken: false,
  desiredTasks: 3,
  runningTasks: 3,
  containerInsights: true,
  healthyTargets: 3,
  unhealthyTargets: 0,
  targetGroupReporting: true,
  targetErrorRate: 0.0005,
  p99Seconds: 0.8,
  serviceCpu: 55,
  serviceMemory: 60,
  database: 'up',
  databaseCpu: 45,
  databaseConnections: 120,
  replicationSlotLagBytes: 8 * 1024 ** 2,
  replicaReporting: true,
  firewallReporting: true,
  firewallDropsPerMinute: 200,
  wafBlockedPerMinute: 30,
  blockerInvocations: 2,
  blockerErrors: 0,
  reconcilerErrors: 0,
  blocksEvicted: 0,
  filesMoverErrors: 0,
  alertCopyErrors: 0,
  recycleTargetErrors: 0,
  eventDeliveriesFailed: 0,
  notificationsFailed: 0,
  deadLetterSince: {},
};

/** Night: nobody but the canary; the primary writes nothing (its replica lag would grow). */
export const HEALTHY_IDLE: WorldState = {
  ...HEALTHY_BUSY,
  customerRequests: 0,
  targetErrorRate: 0,
  p99Seconds: 0.05,
  serviceCpu: 3,
  serviceMemory: 40,
  databaseCpu: 4,
  databaseConnections: 6,
  replicationSlotLagBytes: 0,
  firewallDropsPerMinute: 0,
  wafBlockedPerMinute: 0,
  blockerInvocations: 0,
};

export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** The minute the fault starts (its start is the zero of time to detect); none for healthy runs. */
  readonly faultMinute?: number;
  readonly state: (minute: number) => WorldState;
  readonly events: readonly ScenarioEvent[];
  /** Alarm names (without the project prefix) or event-route ids that must fire, each within its class bound. */
  readonly expect: readonly string[];
  /** Customers are affected: the service-down composite must fire within 180 s. */
  readonly customersAffected: boolean;
  /** Alarms that must stay quiet (e.g. service-down when customers are fine). */
  readonly mustNotFire?: readonly string[];
}

export const SCENARIO_MINUTES = 60;
export const FAULT_MINUTE = 30;

/** A world that is `base` before `FAULT_MINUTE` and `base` + `fault(minutesSinceFault)` after. */
function faulty(base: WorldState, fault: (sinceFault: number) => Partial<WorldState>): (minute: number) => WorldState {
  return (minute) => (minute < FAULT_MINUTE ? base : { ...base, ...fault(minute - FAULT_MINUTE) });
}

function rdsEvent(second: number, category: string, eventId: string, resource: string, message: string): ScenarioEvent {
  return {
    atSecond: second,
    source: 'aws.rds',
    detailType: 'RDS DB Instance Event',
    detail: { EventCategories: [category], EventID: eventId, SourceType: 'DB_INSTANCE', Message: message },
    resources: [resource],
  };
}

const F = FAULT_MINUTE * 60;

/** The scenarios the simulator runs: two healthy worlds that must never page, then one per failure. */
export const SCENARIOS: readonly Scenario[] = [
  { id: 'healthy-idle', title: 'Healthy, night: canary only', state: () => HEALTHY_IDLE, events: [], expect: [], customersAffected: false },
  { id: 'healthy-busy', title: 'Healthy, busy day', state: () => HEALTHY_BUSY, events: [], expect: [], customersAffected: false },
  {
    id: 'healthy-night-maintenance',
    title: 'Healthy night with the recycle deployment, a backup and RDS backup events',
    state: (m) => (m >= 20 && m < 24 ? { ...HEALTHY_IDLE, runningTasks: 6 } : HEALTHY_IDLE),
    events: [
      rdsEvent(20 * 60, 'backup', 'RDS-EVENT-0001', 'primary-database', 'Backing up DB instance'),
      { atSecond: 25 * 60, source: 'aws.backup', detailType: 'Backup Job State Change', detail: { state: 'COMPLETED' } },
    ],
    expect: [],
    customersAffected: false,
  },
  {
    id: 'all-tasks-stopped',
    title: 'All tasks stopped',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, () => ({ runningTasks: 0, healthyTargets: 0, unhealthyTargets: 0 })),
    events: [],
    expect: ['ecs-tasks-below-desired', 'ecs-no-running-tasks', 'alb-no-healthy-targets', 'endpoint-unreachable', 'service-down'],
    customersAffected: true,
  },
  {
    id: 'all-tasks-stopped-empty-target-group',
    title: 'All tasks stopped, and the ALB stops reporting the empty target group',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, () => ({ runningTasks: 0, healthyTargets: 0, unhealthyTargets: 0, targetGroupReporting: false })),
    events: [],
    // alb-no-healthy-targets then fires on silence only (240 s): service-down does not depend on it.
    expect: ['ecs-tasks-below-desired', 'ecs-no-running-tasks', 'endpoint-unreachable', 'service-down'],
    customersAffected: true,
  },
  {
    id: 'half-tasks-stopped',
    title: 'One of three tasks stopped (replaced after 3 minutes)',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, (t) => (t < 3 ? { runningTasks: 2, healthyTargets: 2 } : {})),
    events: [],
    expect: ['ecs-tasks-below-desired'],
    customersAffected: false,
    mustNotFire: ['service-down'],
  },
  {
    id: 'no-healthy-targets',
    title: 'Tasks run but every health check fails',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, () => ({ healthyTargets: 0, unhealthyTargets: 3 })),
    events: [],
    expect: ['alb-no-healthy-targets', 'alb-healthy-targets-below-floor', 'alb-unhealthy-targets', 'alb-elb-5xx', 'endpoint-unreachable', 'service-down'],
    customersAffected: true,
  },
  {
    id: '5xx-burst',
    title: '10 % of requests answered 5xx by the application',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, () => ({ targetErrorRate: 0.1 })),
    events: [],
    expect: ['alb-target-5xx'],
    customersAffected: false,
  },
  {
    id: 'latency-spike',
    title: 'p99 latency 5 s',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, () => ({ p99Seconds: 5 })),
    events: [],
    expect: ['alb-latency-p99'],
    customersAffected: false,
  },
  {
    id: 'database-down',
    title: 'Primary database down (instance failure); the app answers 5xx',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, () => ({ database: 'down', targetErrorRate: 1 })),
    events: [rdsEvent(F, 'failure', 'RDS-EVENT-0031', 'primary-database', 'DB instance put into a failed state')],
    expect: ['event:DatabaseEvents', 'rds-down-or-failing-over', 'database-unreachable', 'endpoint-unreachable', 'service-down'],
    customersAffected: true,
  },
  {
    id: 'database-refusing-connections',
    title: 'The database runs but refuses every new session (no RDS event, RDS metrics flow); the app answers 5xx',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, () => ({ database: 'refusing', targetErrorRate: 1 })),
    events: [],
    // Only a connection shows it: the RDS event route has nothing to say.
    expect: ['database-unreachable', 'endpoint-unreachable', 'service-down'],
    customersAffected: true,
    mustNotFire: ['rds-down-or-failing-over'],
  },
  {
    id: 'database-refusing-connections-at-night',
    title: 'The database refuses every new session at night (canary only)',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_IDLE, () => ({ database: 'refusing' })),
    events: [],
    expect: ['database-unreachable', 'service-down'],
    customersAffected: true,
  },
  {
    id: 'database-failover',
    title: 'Multi-AZ failover: metrics keep flowing, 2 minutes of connection errors',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, (t) => (t < 2 ? { database: 'failover', targetErrorRate: 0.5 } : {})),
    events: [
      rdsEvent(F, 'failover', 'RDS-EVENT-0013', 'primary-database', 'A Multi-AZ failover has started'),
      rdsEvent(F + 100, 'failover', 'RDS-EVENT-0049', 'primary-database', 'A Multi-AZ failover has completed'),
    ],
    // It pages, on purpose: for one to two minutes nobody can connect, customers' requests fail,
    // and within the 180 s critical bound a failover cannot be told from an instance that will
    // not come back (waiting to see would put a real outage past the bound). The RDS failover
    // event on the same topic says which it is; OK follows at the first successful probe.
    expect: ['event:DatabaseEvents', 'rds-down-or-failing-over', 'database-unreachable', 'service-down'],
    customersAffected: true,
  },
  {
    id: 'replica-broken',
    title: 'DR replica stops replicating while the primary writes',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, (t) => ({ replicationSlotLagBytes: (t + 1) * 300 * 1024 ** 2 })),
    events: [rdsEvent(F, 'read replica', 'RDS-EVENT-0045', 'replica-database', 'An error has occurred in the read replication process')],
    expect: ['event:ReplicaEvents', 'rds-replica-events', 'rds-replication-slot-lag'],
    customersAffected: false,
  },
  {
    id: 'firewall-silent',
    title: 'Network Firewall endpoints stop reporting',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_IDLE, () => ({ firewallReporting: false })),
    events: [],
    expect: ['nfw-silent'],
    customersAffected: false,
  },
  {
    id: 'waf-flood',
    title: 'Request flood blocked by WAF (20,000/min)',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, () => ({ wafBlockedPerMinute: 20000 })),
    events: [],
    expect: ['waf-blocked-requests-spike'],
    customersAffected: false,
  },
  {
    id: 'blocker-failing',
    title: 'The GuardDuty blocker fails on every finding',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_IDLE, () => ({ blockerInvocations: 2, blockerErrors: 2 })),
    events: [],
    expect: ['blocker-errors'],
    customersAffected: false,
  },
  {
    id: 'reconciler-failing',
    title: 'The IP blocker reconciler fails its runs (blocks neither expire nor are restored)',
    faultMinute: FAULT_MINUTE,
    // It runs every 10 minutes: the first failing run is the fault.
    state: faulty(HEALTHY_IDLE, (t) => ({ reconcilerErrors: t % 10 === 0 ? 1 : 0 })),
    events: [],
    expect: ['blocker-reconciler-errors'],
    customersAffected: false,
  },
  {
    id: 'ip-set-full',
    title: 'A WAF IP set is full: the blocker evicts blocks early',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_BUSY, (t) => ({ blocksEvicted: t === 0 ? 3 : 0 })),
    events: [],
    expect: ['blocker-set-full'],
    customersAffected: false,
  },
  {
    id: 'received-files-failing',
    title: 'The received-files mover fails on an infected file (retried, then parked)',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_IDLE, (t) => ({ filesMoverErrors: t < 3 ? 1 : 0, deadLetterSince: { ScanResultsDeadLetters: FAULT_MINUTE + 3 } })),
    events: [],
    expect: ['files-mover-errors'],
    customersAffected: false,
  },
  {
    id: 'recycle-failing',
    title: 'The nightly recycle invocation fails once',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_IDLE, (t) => ({ recycleTargetErrors: t === 0 ? 1 : 0, deadLetterSince: { RecycleDeadLetter: FAULT_MINUTE } })),
    events: [],
    expect: ['recycle-failed'],
    customersAffected: false,
  },
  {
    id: 'canary-failing',
    title: 'The outside-in probe fails (TLS or DNS broken for customers)',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_IDLE, () => ({ canaryBroken: true })),
    events: [],
    expect: ['endpoint-unreachable', 'service-down'],
    customersAffected: true,
  },
  {
    id: 'backup-job-failing',
    title: 'The nightly backup job fails (AWS Backup event)',
    faultMinute: FAULT_MINUTE,
    state: () => HEALTHY_IDLE,
    events: [{ atSecond: F, source: 'aws.backup', detailType: 'Backup Job State Change', detail: { state: 'FAILED' } }],
    expect: ['event:BackupJobs'],
    customersAffected: false,
  },
  {
    id: 'dead-letters',
    title: 'EventBridge cannot invoke the blocker; a webhook rejects alarm notifications; an ALERT copy fails (messages parked in idle dead-letter queues)',
    faultMinute: FAULT_MINUTE,
    state: faulty(HEALTHY_IDLE, (t) => ({
      eventDeliveriesFailed: t === 0 ? 1 : 0,
      notificationsFailed: t === 0 ? 1 : 0,
      alertCopyErrors: t < 3 ? 1 : 0,
      deadLetterSince: { IpBlockerDeadLetters: FAULT_MINUTE, '^AlarmTopicUndelivered': FAULT_MINUTE, FirewallAlertCopyDeadLetters: FAULT_MINUTE + 3 },
    })),
    events: [],
    expect: ['eventbridge-deliveries-failed', 'alarm-notifications-delivery-failed', 'firewall-alert-copy-errors'],
    customersAffected: false,
  },
];

/** Minutes SQS takes to resume metrics of a queue that was idle (`metric-sources.ts`). */
const SQS_RESUME_MINUTES = 15;

/** What AWS publishes for a world state (undefined: no datapoint that minute). */
export function worldOf(scenario: Scenario): MetricWorld {
  return (metric: MetricRef, minute: number) => publish(scenario.state(minute), metric, minute);
}

function publish(s: WorldState, metric: MetricRef, minute: number): number | undefined {
  const nonZero = (x: number) => (x > 0 ? x : undefined);
  const dims = metric.dimensions;
  const reachesTargets = s.healthyTargets > 0;
  const serviceWorks = reachesTargets && s.database !== 'down' && s.database !== 'refusing';
  const canaryRequest = s.canaryRuns ? 1 : 0;
  const requests = s.customerRequests + canaryRequest;
  switch (metric.namespace) {
    case 'AWS/ApplicationELB':
      switch (metric.metricName) {
        case 'RequestCount':
          return nonZero(reachesTargets ? requests : 0);
        case 'HTTPCode_ELB_5XX_Count':
          return nonZero(reachesTargets ? 0 : requests);
        case 'HTTPCode_Target_5XX_Count':
          return nonZero(reachesTargets ? Math.round(s.customerRequests * s.targetErrorRate) + (s.targetErrorRate >= 0.5 ? canaryRequest : 0) : 0);
        case 'HealthyHostCount':
          return s.targetGroupReporting ? s.healthyTargets : undefined;
        case 'UnHealthyHostCount':
          return s.targetGroupReporting ? s.unhealthyTargets : undefined;
        case 'TargetResponseTime':
          return reachesTargets && requests > 0 ? s.p99Seconds : undefined;
      }
      return undefined;
    case 'ECS/ContainerInsights':
      if (!s.containerInsights) return undefined;
      return metric.metricName === 'DesiredTaskCount' ? s.desiredTasks : metric.metricName === 'RunningTaskCount' ? s.runningTasks : undefined;
    case 'AWS/ECS':
      if (s.runningTasks === 0) return undefined;
      return metric.metricName === 'CPUUtilization' ? s.serviceCpu : metric.metricName === 'MemoryUtilization' ? s.serviceMemory : undefined;
    case 'AWS/RDS': {
      const replica = /replica/i.test(dims.DBInstanceIdentifier ?? '');
      if (replica) return s.replicaReporting ? (metric.stat === 'SampleCount' ? 1 : 5) : undefined;
      if (s.database === 'down') return undefined;
      switch (metric.metricName) {
        case 'CPUUtilization':
          return metric.stat === 'SampleCount' ? 1 : s.databaseCpu;
        case 'DatabaseConnections':
          return s.databaseConnections;
        case 'FreeStorageSpace':
          return 80 * 1024 ** 3;
        case 'ReadLatency':
          return 0.002;
        case 'WriteLatency':
          return 0.004;
        case 'OldestReplicationSlotLag':
          return s.replicationSlotLagBytes;
        case 'ReplicaLag':
          return undefined;
      }
      return undefined;
    }
    case 'CloudWatchSynthetics':
      if (!s.canaryRuns) return undefined;
      return serviceWorks && s.targetErrorRate < 0.5 && !s.canaryBroken ? 100 : 0;
    case PROBE_NAMESPACE:
      // The probe runs every minute whatever the traffic; it connects only while the database is up.
      if (metric.metricName === PROBE_METRIC.reachable) return s.database === 'up' ? 1 : 0;
      return metric.metricName === PROBE_METRIC.latency && s.database === 'up' ? 15 : undefined;
    case 'AWS/WAFV2':
      return metric.metricName === 'BlockedRequests' ? nonZero(s.wafBlockedPerMinute) : nonZero(requests);
    case 'AWS/NetworkFirewall': {
      if (!s.firewallReporting) return undefined;
      // The canary's packets cross the endpoint of one AZ; customers' all of them.
      const firstAz = /a$/.test(dims.AvailabilityZone ?? '');
      if (metric.metricName === 'ReceivedPackets') return nonZero((firstAz ? 20 * canaryRequest : 0) + s.customerRequests * 4);
      if (metric.metricName === 'DroppedPackets') return nonZero(dims.Engine === 'Stateful' ? Math.round(s.firewallDropsPerMinute / 3) : 0);
      return undefined;
    }
    case 'AWS/Lambda': {
      if (/alertcopy/i.test(dims.FunctionName ?? '')) return metric.metricName === 'Errors' ? nonZero(s.alertCopyErrors) : undefined;
      // Before the blocker's: the reconciler's name carries "IpBlocker" too.
      if (/reconciler/i.test(dims.FunctionName ?? '')) return metric.metricName === 'Errors' ? nonZero(s.reconcilerErrors) : undefined;
      if (/mover/i.test(dims.FunctionName ?? '')) return metric.metricName === 'Errors' ? nonZero(s.filesMoverErrors) : undefined;
      if (!/blocker/i.test(dims.FunctionName ?? '')) return undefined;
      if (metric.metricName === 'Errors') return nonZero(s.blockerErrors);
      if (metric.metricName === 'Invocations') return nonZero(s.blockerInvocations);
      return undefined;
    }
    case 'HardenedStack/IpBlocker':
      // The blocker's own counts (EMF), published only when non-zero.
      return metric.metricName === 'Evicted' && dims.Function === 'blocker' ? nonZero(s.blocksEvicted) : undefined;
    case 'AWS/Scheduler':
      return metric.metricName === 'TargetErrorCount' ? nonZero(s.recycleTargetErrors) : undefined;
    case 'AWS/Events':
      if (Object.keys(dims).length > 0) return undefined;
      return metric.metricName === 'FailedInvocations' || metric.metricName === 'InvocationsSentToDlq' ? nonZero(s.eventDeliveriesFailed) : undefined;
    case 'AWS/SNS':
      return metric.metricName === 'NumberOfNotificationsFailed' && /^AlarmTopic/.test(dims.TopicName ?? '') ? nonZero(s.notificationsFailed) : undefined;
    case 'AWS/SQS': {
      const queue = dims.QueueName ?? '';
      const since = Object.entries(s.deadLetterSince).find(([pattern]) => new RegExp(pattern).test(queue))?.[1];
      // An idle queue reports nothing; after its first message, SQS resumes within 15 minutes.
      if (since === undefined || minute < since + SQS_RESUME_MINUTES) return undefined;
      return 1;
    }
  }
  return undefined;
}

/** Rule resources name the primary database or the replica; scenario events say which. */
export function resourceMatches(patternValue: string, eventResource: string): boolean {
  const replica = /replica/i.test(patternValue);
  if (eventResource === 'replica-database') return replica;
  if (eventResource === 'primary-database') return !replica && /database|:db:/i.test(patternValue);
  return patternValue === eventResource;
}
