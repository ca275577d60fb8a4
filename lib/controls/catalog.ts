/**
 * The control catalog (`CONTROLS.md`) as data: every promise of the seed documents, the control
 * that keeps it, and how the stack meets it. The Hardened rule pack, its tests and the compliance
 * report all key on these ids, so a reviewer can go from a seed's promise to the resource that
 * keeps it and the rule that enforces it.
 */

/** The seed documents (in `seeds/`) the controls come from. */
export type SeedId = 'S0' | 'S1' | 'S2' | 'S3' | 'S4';

export interface Seed {
  readonly id: SeedId;
  /** File name in `seeds/`. */
  readonly file: string;
  /** What the document is and what it promises, in one line. */
  readonly description: string;
}

export const SEEDS: readonly Seed[] = [
  {
    id: 'S0',
    file: '000_298e1443b0803abb.txt',
    description:
      'e-Return, insurance-policy SaaS: data only in the data centre, a firewall admitting only pre-approved purposes, admin access only from registered places, production + standby servers, backups in several places, TLS.',
  },
  {
    id: 'S1',
    file: '001_2657a2cb2051a71e.txt',
    description:
      'CSB, insurance-agency CRM on AWS: firewall + IPS + WAF, yearly penetration test, two factors (client certificate + ID/password), passwords of 10+ mixed characters rotated every 90 days without reuse, fine-grained permissions.',
  },
  {
    id: 'S2',
    file: '002_c9e78e01b69bb8ed.txt',
    description:
      'WEBCAS mailcenter: TLS, ID/password + IP restriction, auto-logout, every operation logged, F/W + IPS + WAF, virus checks, failures detected within 5 minutes, nightly backup, 99.9 % availability, DB encryption, MFA, tamper detection.',
  },
  {
    id: 'S3',
    file: '003_892f3dbc2092ed26.txt',
    description:
      'LINE payment platform: server-side sessions, TLS, limited write access, firewall, load balancer, WAF, containers re-initialised, firewall logs kept 3 years, authentication patterns 0–3, per-login data access, managed malware scanning.',
  },
  {
    id: 'S4',
    file: '004_90d0fa10c0c578a2.txt',
    description:
      'Tatsujin Cube (達人Cube), accounting-firm suite: database encryption, per-user data protection, encrypted file transfer up to 100 MB, access-log analysis, scheduled remote backup and restore.',
  },
];

/** Every control id of the catalog, including the application's side (APPSIDE-n). */
export type ControlId =
  | 'NET-1'
  | 'NET-2'
  | 'NET-3'
  | 'NET-4'
  | 'NET-5'
  | 'NET-6'
  | 'NET-7'
  | 'LOG-1'
  | 'LOG-2'
  | 'LOG-3'
  | 'LOG-4'
  | 'WEB-1'
  | 'WEB-2'
  | 'WEB-3'
  | 'WEB-4'
  | 'WEB-5'
  | 'WEB-6'
  | 'APP-1'
  | 'APP-2'
  | 'APP-3'
  | 'DATA-1'
  | 'DATA-2'
  | 'DATA-3'
  | 'DATA-4'
  | 'DATA-5'
  | 'DATA-6'
  | 'MON-1'
  | 'MON-2'
  | 'MON-3'
  | 'MON-4'
  | 'MON-5'
  | 'FILE-1'
  | 'GOV-1'
  | 'GOV-2'
  | 'RES-1'
  | 'APPSIDE-1'
  | 'APPSIDE-2'
  | 'APPSIDE-3'
  | 'APPSIDE-4'
  | 'APPSIDE-5';

/**
 * How a control is judged:
 * - `template`: provable from the synthesized templates (the Hardened pack, or for GOV-2 the
 *   standard packs' reports);
 * - `manual`: a process or a test in a real account (report status MANUAL);
 * - `app`: the application's job, listed so that nobody reads the stack as covering it (status APP).
 */
export type ControlKind = 'template' | 'manual' | 'app';

export interface Control {
  readonly id: ControlId;
  /** The control, as promised. */
  readonly title: string;
  /** The seed documents that promise it. */
  readonly seeds: readonly SeedId[];
  /** How the stack (or, for `app`, the application) meets it. */
  readonly how: string;
  readonly kind: ControlKind;
  /** The catalog section it belongs to. */
  readonly section: string;
  /**
   * For a control the seeds promise as *available* (an option a customer can ask for), the setting
   * that deploys it. A configuration that leaves it off is judged on a build with it on.
   */
  readonly deployedBy?: string;
}

export const SECTIONS = {
  perimeter: 'Perimeter',
  logs: 'Logs and audit',
  edge: 'Edge',
  compute: 'Compute',
  data: 'Data',
  detection: 'Detection and response',
  files: 'Received files',
  governance: 'Governance',
  application: "The application's side",
} as const;

export const CONTROLS: readonly Control[] = [
  // Perimeter
  {
    id: 'NET-1',
    title: 'A stateful firewall in every AZ, default deny: only explicitly allowed flows pass',
    seeds: ['S0', 'S1', 'S2', 'S3'],
    how: 'AWS Network Firewall, STRICT_ORDER, drop by default, stateless traffic forwarded to the stateful engine',
    kind: 'template',
    section: SECTIONS.perimeter,
  },
  {
    id: 'NET-2',
    title: 'Intrusion prevention: signatures inspect traffic and drop matches',
    seeds: ['S1', 'S2'],
    how: 'Suricata rule group in drop mode + AWS managed threat-signature groups',
    kind: 'template',
    section: SECTIONS.perimeter,
  },
  {
    id: 'NET-3',
    title: 'All internet ingress and egress passes the firewall (no bypass route)',
    seeds: ['S0', 'S3'],
    how: "IGW edge route table to the same-AZ firewall endpoint; public subnets' default route via the endpoint",
    kind: 'template',
    section: SECTIONS.perimeter,
  },
  {
    id: 'NET-4',
    title: 'Tiers: database unreachable from the internet, reachable only from the app tier',
    seeds: ['S3'],
    how: 'isolated subnets, security groups by reference',
    kind: 'template',
    section: SECTIONS.perimeter,
  },
  {
    id: 'NET-5',
    title: 'Management/admin paths only from registered addresses',
    seeds: ['S0', 'S2', 'S3'],
    how: 'WAF rule: admin path prefixes blocked unless the source is in the admin IP set',
    kind: 'template',
    section: SECTIONS.perimeter,
  },
  {
    id: 'NET-6',
    title: 'Outbound traffic only to an allowlist of destinations',
    seeds: ['S3'],
    how: 'firewall domain allowlist (TLS SNI / HTTP host) + VPC endpoints',
    kind: 'template',
    section: SECTIONS.perimeter,
  },
  {
    id: 'NET-7',
    title: 'The firewall cannot be deleted or detached by accident',
    seeds: ['S0'],
    how: 'delete and subnet-change protection',
    kind: 'template',
    section: SECTIONS.perimeter,
  },
  // Logs and audit
  {
    id: 'LOG-1',
    title: 'Firewall alert and flow logs kept ≥ 3 years (1096 days), immutable',
    seeds: ['S3'],
    how: 'S3 with Object Lock (COMPLIANCE in production) + CloudWatch Logs retention 1096 days',
    kind: 'template',
    section: SECTIONS.logs,
  },
  {
    id: 'LOG-2',
    title: 'Every API operation recorded, tamper-evident, retained and downloadable',
    seeds: ['S2'],
    how: 'CloudTrail, multi-region, log-file validation, KMS, to the locked archive',
    kind: 'template',
    section: SECTIONS.logs,
  },
  {
    id: 'LOG-3',
    title: 'Access patterns kept: WAF and load-balancer logs',
    seeds: ['S3'],
    how: 'WAF logging (sensitive headers redacted), ALB access + connection logs',
    kind: 'template',
    section: SECTIONS.logs,
  },
  {
    id: 'LOG-4',
    title: 'Network flow records for every VPC',
    seeds: ['S2', 'S3'],
    how: 'VPC flow logs',
    kind: 'template',
    section: SECTIONS.logs,
  },
  // Edge
  {
    id: 'WEB-1',
    title: 'WAF blocks common exploits: XSS, SQL injection, known bad inputs, bad-reputation IPs',
    seeds: ['S1', 'S2', 'S3'],
    how: 'WAFv2 web ACL on the ALB with AWS managed rule groups',
    kind: 'template',
    section: SECTIONS.edge,
  },
  {
    id: 'WEB-2',
    title: 'Traffic volume controlled per client',
    seeds: ['S3'],
    how: 'WAF rate-based rule',
    kind: 'template',
    section: SECTIONS.edge,
  },
  {
    id: 'WEB-3',
    title: 'TLS only: TLS 1.3 policy (1.2 minimum), HTTP redirected, invalid headers dropped, HSTS',
    seeds: ['S0', 'S2', 'S3'],
    how: 'HTTPS listener policy, redirect listener, ALB attributes',
    kind: 'template',
    section: SECTIONS.edge,
  },
  {
    id: 'WEB-4',
    title: 'Client-certificate authentication available (device as second factor)',
    seeds: ['S1', 'S3'],
    how: 'ALB mutual TLS, trust store, verify mode',
    kind: 'template',
    section: SECTIONS.edge,
    deployedBy: 'edge.authPattern ≥ 2',
  },
  {
    id: 'WEB-5',
    title: 'Sign-in at the edge: passwords ≥ 10 mixed characters, MFA, idle timeout (auto-logout)',
    seeds: ['S1', 'S2', 'S3'],
    how: 'ALB authenticate action with a Cognito user pool (optional pattern)',
    kind: 'template',
    section: SECTIONS.edge,
    deployedBy: 'edge.authPattern ≥ 1',
  },
  {
    id: 'WEB-6',
    title: 'Whole-site source-IP restriction available',
    seeds: ['S2', 'S3'],
    how: 'WAF allowlist default action (authentication pattern 3)',
    kind: 'template',
    section: SECTIONS.edge,
    deployedBy: 'edge.authPattern = 3',
  },
  // Compute
  {
    id: 'APP-1',
    title: 'Redundant app servers in several AZs, load balanced, health-checked',
    seeds: ['S0', 'S3'],
    how: 'Fargate service ≥ 2 tasks over ≥ 2 AZs behind the ALB, circuit breaker',
    kind: 'template',
    section: SECTIONS.compute,
  },
  {
    id: 'APP-2',
    title: 'Containers re-initialised on a schedule',
    seeds: ['S3'],
    how: 'EventBridge Scheduler → ECS UpdateService(forceNewDeployment)',
    kind: 'template',
    section: SECTIONS.compute,
  },
  {
    id: 'APP-3',
    title: 'Write access limited: read-only root filesystem, non-root user, no public IP, secrets not in env vars',
    seeds: ['S3'],
    how: 'task definition + service settings',
    kind: 'template',
    section: SECTIONS.compute,
  },
  // Data
  {
    id: 'DATA-1',
    title: 'Database encrypted at rest with a customer-managed, rotating key',
    seeds: ['S2', 'S4'],
    how: 'RDS + KMS CMK (one per region)',
    kind: 'template',
    section: SECTIONS.data,
  },
  {
    id: 'DATA-2',
    title: 'Nightly daily backups, point-in-time recovery, Multi-AZ standby, deletion protection',
    seeds: ['S0', 'S2', 'S4'],
    how: 'RDS backup window at night (JST), retention ≥ 7 days, Multi-AZ',
    kind: 'template',
    section: SECTIONS.data,
  },
  {
    id: 'DATA-3',
    title: 'A copy of the database at a remote site',
    seeds: ['S0', 'S4'],
    how: "cross-region read replica, encrypted with the remote region's key",
    kind: 'template',
    section: SECTIONS.data,
  },
  {
    id: 'DATA-4',
    title: 'Backups copied to another region and locked',
    seeds: ['S0', 'S4'],
    how: 'AWS Backup daily plan with copy action, vault lock',
    kind: 'template',
    section: SECTIONS.data,
  },
  {
    id: 'DATA-5',
    title: 'Nothing is lost when a stack is deleted or replaced',
    seeds: ['S2'],
    how: 'Retain/Snapshot policies on every stateful resource',
    kind: 'template',
    section: SECTIONS.data,
  },
  {
    id: 'DATA-6',
    title: 'Database connections encrypted, IAM auth, credentials rotated',
    seeds: ['S3'],
    how: 'rds.force_ssl, IAM auth, Secrets Manager rotation',
    kind: 'template',
    section: SECTIONS.data,
  },
  // Detection and response
  {
    id: 'MON-1',
    title: 'Failures detected within 5 minutes and notified',
    seeds: ['S2'],
    how: 'every alarm within its honest bound (period × datapoints + publication delay + evaluation cadence): failures ≤ 300 s, critical ≤ 180 s, simulated; encrypted SNS topic',
    kind: 'template',
    section: SECTIONS.detection,
  },
  {
    id: 'MON-2',
    title: 'Every critical component watched, plus an outside-in probe',
    seeds: ['S2'],
    how: 'alarms on ALB, targets, ECS, RDS, replica lag, firewall, WAF, the blocker; Synthetics canary',
    kind: 'template',
    section: SECTIONS.detection,
  },
  {
    id: 'MON-3',
    title: 'Threat detection with automated response',
    seeds: ['S1', 'S3'],
    how: 'GuardDuty; findings routed by EventBridge to the blocker',
    kind: 'template',
    section: SECTIONS.detection,
  },
  {
    id: 'MON-4',
    title: 'Attacker IPs blocked automatically, with expiry, never our own or allowlisted ranges',
    seeds: ['S3'],
    how: 'blocker function maintaining WAF IP sets',
    kind: 'template',
    section: SECTIONS.detection,
  },
  {
    id: 'MON-5',
    title: 'Availability target 99.9 % measurable',
    seeds: ['S2'],
    how: 'composite/SLO alarm and dashboard',
    kind: 'template',
    section: SECTIONS.detection,
  },
  // Received files
  {
    id: 'FILE-1',
    title: 'Received files are malware-scanned by a managed service and unreadable until clean; uploads encrypted, ≤ 100 MB',
    seeds: ['S0', 'S2', 'S3', 'S4'],
    how: 'upload bucket with GuardDuty Malware Protection for S3, read denied unless tagged clean, quarantine',
    kind: 'template',
    section: SECTIONS.files,
  },
  // Governance
  {
    id: 'GOV-1',
    title: 'Encryption, public-access blocks and TLS-only policies everywhere',
    seeds: ['S2', 'S4'],
    how: 'KMS, S3 settings, bucket policies',
    kind: 'template',
    section: SECTIONS.governance,
  },
  {
    id: 'GOV-2',
    title: 'Every finding of the standard rule packs resolved or narrowly acknowledged with a reason',
    seeds: ['S1', 'S2'],
    how: 'cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA Security, PCI DSS 3.2.1, Serverless (judged from those packs’ reports)',
    kind: 'template',
    section: SECTIONS.governance,
  },
  {
    id: 'RES-1',
    title: 'Fault drills prove that detection works',
    seeds: ['S2'],
    how: 'AWS FIS experiment templates (MANUAL: running them needs a real account)',
    kind: 'manual',
    section: SECTIONS.governance,
  },
  // The application's side
  {
    id: 'APPSIDE-1',
    title: 'Passwords expire every 90 days and cannot be reused',
    seeds: ['S1'],
    how: "the application's account management (the edge sign-in enforces strength and MFA only)",
    kind: 'app',
    section: SECTIONS.application,
  },
  {
    id: 'APPSIDE-2',
    title: 'Per-branch / per-owner data permissions',
    seeds: ['S1', 'S4'],
    how: "the application's authorisation model",
    kind: 'app',
    section: SECTIONS.application,
  },
  {
    id: 'APPSIDE-3',
    title: 'E-mail addresses hidden from users who need not see them',
    seeds: ['S2'],
    how: "the application's presentation layer",
    kind: 'app',
    section: SECTIONS.application,
  },
  {
    id: 'APPSIDE-4',
    title: 'Output sanitised against XSS',
    seeds: ['S3'],
    how: "the application's output encoding (the WAF only filters known attack patterns)",
    kind: 'app',
    section: SECTIONS.application,
  },
  {
    id: 'APPSIDE-5',
    title: 'Each login sees only its own rows',
    seeds: ['S3'],
    how: "the application's data access layer (row-level authorisation)",
    kind: 'app',
    section: SECTIONS.application,
  },
];

/** Controls judged from the standard cdk-nag packs' reports rather than a Hardened rule. */
export const JUDGED_BY_STANDARD_PACKS: readonly ControlId[] = ['GOV-2'];

const BY_ID: ReadonlyMap<string, Control> = new Map(CONTROLS.map((c) => [c.id, c]));

/** The control with this id, or undefined. */
export function controlById(id: string): Control | undefined {
  return BY_ID.get(id);
}

/** Whether `id` names a control of the catalog. */
export function isControlId(id: string): id is ControlId {
  return BY_ID.has(id);
}

/** The seed with this id, or undefined. */
export function seedById(id: string): Seed | undefined {
  return SEEDS.find((s) => s.id === id);
}
