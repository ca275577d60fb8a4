/**
 * What the IP blocker functions and the `IpBlocker` construct agree on: environment variable
 * names, the table's attribute names and the metric names. Kept free of imports so the CDK app
 * can read it without pulling the Lambda code or the AWS SDK.
 */

/** Environment variables read by both handlers (once, at module load). */
export const ENV = {
  /** DynamoDB table holding one item per blocked address (the source of truth). Required. */
  tableName: 'TABLE_NAME',
  /** ARN of the WAFv2 IP set holding blocked IPv4 hosts (/32). Required. */
  ipv4SetArn: 'IPV4_SET_ARN',
  /** ARN of the WAFv2 IP set holding blocked IPv6 hosts (/128). Required. */
  ipv6SetArn: 'IPV6_SET_ARN',
  /** Seconds an address stays blocked after its last offence. Required, 3600 to 31536000. */
  blockTtlSeconds: 'BLOCK_TTL_SECONDS',
  /** Lowest GuardDuty severity acted on (1 to 10). Required. */
  minSeverity: 'MIN_SEVERITY',
  /** Comma-separated allowlist CIDRs (admin, office, health checkers). Required, may be empty. */
  neverBlock: 'NEVER_BLOCK',
  /** Comma-separated CIDRs of our own networks (VPCs). Required, may be empty. */
  ownCidrs: 'OWN_CIDRS',
  /** Most addresses kept in each set. Optional, 1 to 10000, default 10000 (WAF's limit). */
  maxSetSize: 'MAX_SET_SIZE',
  /** Attempts at one WAF read-modify-write before giving up. Optional, 1 to 20, default 10. */
  wafMaxAttempts: 'WAF_MAX_ATTEMPTS',
  /** CloudWatch namespace of the Embedded Metric Format lines. Optional. */
  metricsNamespace: 'METRICS_NAMESPACE',
  /** Reconciler only: GuardDuty detector to sweep. Optional; empty means every detector listed. */
  detectorId: 'DETECTOR_ID',
  /** Reconciler only: most findings read per sweep. Optional, 1 to 5000, default 1000. */
  sweepMaxFindings: 'SWEEP_MAX_FINDINGS',
  /**
   * Which log offences count and how many in what window block an address (JSON of
   * `OffencePolicy`). Optional; default: every source on, IPS drops 1 in 1 hour, WAF blocks 5 in 10 minutes.
   */
  offencePolicy: 'OFFENCE_POLICY',
  /** Intake only: URL of the offence queue the blocker consumes. Required there. */
  queueUrl: 'OFFENCE_QUEUE_URL',
} as const;

/** Which log offences block, and after how many in what window (one entry per log source). */
export interface OffencePolicy {
  readonly firewall: SourcePolicy;
  readonly waf: SourcePolicy & {
    /** Names of the web ACL's own (REGULAR) rules whose blocks count, e.g. the admin-path rule. */
    readonly countedRules: readonly string[];
  };
}

export interface SourcePolicy {
  /** Offences of this source are counted at all. */
  readonly enabled: boolean;
  /** Offences of one address within `windowSeconds` that block it (1 = the first one). */
  readonly threshold: number;
  readonly windowSeconds: number;
}

/** The web ACL rule that keeps admin paths to the admin allowlist (its blocks are probes). */
export const ADMIN_PATH_RULE = 'AdminPathsFromAllowlistOnly';

export const DEFAULT_OFFENCE_POLICY: OffencePolicy = {
  firewall: { enabled: true, threshold: 1, windowSeconds: 3600 },
  waf: { enabled: true, threshold: 5, windowSeconds: 600, countedRules: [ADMIN_PATH_RULE] },
};

/** DynamoDB attribute names. */
export const TABLE = {
  /** Partition key: the blocked host as canonical CIDR text ("198.18.7.1/32" style). */
  partitionKey: 'address',
  /** 4 or 6: partition key of the expiry index. */
  versionAttribute: 'ipVersion',
  /** Epoch seconds when the block ends; the table's TTL attribute and the index sort key. */
  expiryAttribute: 'expiresAt',
  /** Index of blocked addresses per IP version ordered by expiry (eviction picks the soonest). */
  expiryIndex: 'ByExpiry',
} as const;

export const DEFAULT_METRICS_NAMESPACE = 'HardenedStack/IpBlocker';

/** Metric names emitted in Embedded Metric Format. */
export const METRIC = {
  blocked: 'Blocked',
  skipped: 'Skipped',
  evicted: 'Evicted',
  unblocked: 'Unblocked',
  setSize: 'SetSize',
  wafUpdateCalls: 'WafUpdateCalls',
  wafRetries: 'WafRetries',
  /** Intake: offences read from the logs and queued for the blocker. */
  offencesQueued: 'OffencesQueued',
} as const;

/** WAF's hard limit of addresses in one IP set. */
export const WAF_IP_SET_LIMIT = 10_000;
