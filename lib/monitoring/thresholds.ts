/**
 * Alarm thresholds. The defaults are a named pure function; a deployment overrides single values
 * with `resolveThresholds({ ... })`, so every threshold in use is visible in one place.
 */
export interface AlarmThresholds {
  /** Load-balancer-generated 5xx responses per minute. @default 10 */
  readonly elb5xxPerMinute: number;
  /** 5xx responses from the targets per minute. @default 10 */
  readonly target5xxPerMinute: number;
  /** p99 of the target response time, in seconds. @default 2 */
  readonly p99LatencySeconds: number;
  /** Average CPU of the service's tasks, percent. @default 80 */
  readonly serviceCpuPercent: number;
  /** Average memory of the service's tasks, percent. @default 85 */
  readonly serviceMemoryPercent: number;
  /** Database CPU, percent. @default 80 */
  readonly databaseCpuPercent: number;
  /** Free storage below this share of the allocated storage. @default 0.1 */
  readonly databaseFreeStorageRatio: number;
  /**
   * Connections above which the database nears its limit. PostgreSQL's default max_connections
   * is LEAST(instance memory / 9531392, 5000): 901 on an 8 GiB class (m7g.large).
   * @default 720 (80 % of 901)
   */
  readonly databaseConnections: number;
  /** Average read latency, seconds. @default 0.02 */
  readonly databaseReadLatencySeconds: number;
  /** Average write latency, seconds. @default 0.05 */
  readonly databaseWriteLatencySeconds: number;
  /**
   * WAL bytes the DR replica may lag behind the primary's replication slot before it alarms:
   * a few minutes of a busy primary's writes. @default 268435456 (256 MiB)
   */
  readonly databaseReplicationSlotLagBytes: number;
  /** Packets dropped by the Network Firewall per minute (all AZs, both engines). @default 5000 */
  readonly firewallDroppedPacketsPerMinute: number;
  /** Requests blocked by the web ACL per minute. @default 500 */
  readonly wafBlockedRequestsPerMinute: number;
  /** Availability target, percent of requests answered without a 5xx (MON-5, seed S2). @default 99.9 */
  readonly availabilityPercent: number;
}

export function defaultAlarmThresholds(): AlarmThresholds {
  return {
    elb5xxPerMinute: 10,
    target5xxPerMinute: 10,
    p99LatencySeconds: 2,
    serviceCpuPercent: 80,
    serviceMemoryPercent: 85,
    databaseCpuPercent: 80,
    databaseFreeStorageRatio: 0.1,
    databaseConnections: 720,
    databaseReadLatencySeconds: 0.02,
    databaseWriteLatencySeconds: 0.05,
    databaseReplicationSlotLagBytes: 256 * 1024 ** 2,
    firewallDroppedPacketsPerMinute: 5000,
    wafBlockedRequestsPerMinute: 500,
    availabilityPercent: 99.9,
  };
}

/** The defaults with `overrides` applied; every problem is reported at once. */
export function resolveThresholds(overrides: Partial<AlarmThresholds> = {}): AlarmThresholds {
  const merged: AlarmThresholds = { ...defaultAlarmThresholds(), ...overrides };
  const problems = Object.entries(merged)
    .filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    .map(([k, v]) => `${k} must be a positive number, got ${String(v)}`);
  if (merged.databaseFreeStorageRatio >= 1) problems.push(`databaseFreeStorageRatio must be below 1, got ${merged.databaseFreeStorageRatio}`);
  if (merged.availabilityPercent >= 100) problems.push(`availabilityPercent must be below 100, got ${merged.availabilityPercent}`);
  if (problems.length > 0) throw new Error(`Invalid alarm thresholds:\n  - ${problems.join('\n  - ')}`);
  return merged;
}
