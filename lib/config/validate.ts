import { Cidr, overlaps, parseCidr } from '../../lambda/shared/cidr';
import { ALLOWLIST_MIN_PREFIX } from '../core/allowlist-floor';
import { MIN_LOG_RETENTION_DAYS } from '../core/retention-floor';
import { backupWindowProblem } from '../data/backup-night';
import { engineRejections } from '../network/engine/custom-rules';
import { checkRuleSet } from '../network/suricata-rule';
import { DEFAULT_CONFIG, PLACEHOLDER_ACCOUNT } from './defaults';
import { placeholdersInUse } from './placeholders';
import { scheduleExpressionProblem } from './schedule-expression';
import { timeZoneProblem } from './time-zone';
import { HardenedConfig } from './types';

/** One thing wrong with a configuration: the field, the value received and what is allowed. */
export interface ConfigProblem {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.field}: got ${JSON.stringify(p.value) ?? 'undefined'}; allowed: ${p.allowed}`;
}


// CloudWatch Logs accepts only these retention values.
const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

// Keys that may be absent from the defaults but are still valid.
const OPTIONAL_KEYS: Record<string, string[]> = {
  logs: ['objectLockMode'],
  'edge.certificate': ['certificateArn', 'domainName', 'hostedZoneId', 'hostedZoneName'],
  'edge.signIn': ['domainPrefix'],
  'edge.clientCertificates': ['caBundleBucket', 'revocationListKey'],
};

/** The largest object S3 accepts in a single (non-multipart) upload, which a presigned POST is. */
export const MAX_SINGLE_UPLOAD_BYTES = 5 * 1024 ** 3;
// RFC 6838 type/subtype names, lower case, no parameters (";charset=…") and no wildcards.
const CONTENT_TYPE = /^(application|audio|font|image|message|model|multipart|text|video)\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const EMAIL = /^[^\s@<>()[\],;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const UTC_WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
/** "17" or "17.6": a two-digit PostgreSQL major, optionally with its minor (lib/data/postgres.ts). */
export const POSTGRES_VERSION = /^\d{2}(\.\d{1,3})?$/;
const DOMAIN = /^\.?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export interface ValidateOptions {
  /**
   * The dotted fields the user set (context, file, flags), as `loadConfig` collects them. A
   * problem between two fields is reported on the one the user set, naming the other with its
   * value, so nobody is told to fix a field they never wrote.
   * @default - every field counts as set by the user
   */
  readonly userFields?: readonly string[];
}

/**
 * Checks a whole configuration and returns every problem found (empty when valid).
 * Nothing throws: callers decide how to report.
 */
export function validateConfig(raw: unknown, options: ValidateOptions = {}): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (field: string, value: unknown, allowed: string) => problems.push({ field, value, allowed });
  const userFields = options.userFields;
  const setByUser = (path: string) =>
    userFields === undefined || userFields.some((f) => f === path || f.startsWith(`${path}.`) || f.startsWith(`${path}[`) || path.startsWith(`${f}.`));

  if (!isObject(raw)) {
    add('(root)', raw, 'a JSON object');
    return problems;
  }
  findUnknownKeys(raw, DEFAULT_CONFIG as unknown as Record<string, unknown>, '', add);
  const c = raw as unknown as HardenedConfig;
  const get = (path: string): unknown =>
    path.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), raw);
  /** `field ("value")`, marked as the default when the user did not set it. */
  const named = (path: string) => `${path} (${JSON.stringify(get(path))}${setByUser(path) ? '' : ', the default'})`;
  /**
   * A conflict between two fields: reported on `primary` unless only `secondary` was set by the
   * user; `allowed(other)` words the rule given the other field's description.
   */
  const conflict = (primary: string, secondary: string, allowed: (field: string, other: string) => string) => {
    const [field, other] = !setByUser(primary) && setByUser(secondary) ? [secondary, primary] : [primary, secondary];
    add(field, get(field), allowed(field, named(other)));
  };

  // Scalars with a fixed shape.
  const string = (path: string, pattern: RegExp, allowed: string) => {
    const v = get(path);
    if (typeof v !== 'string' || !pattern.test(v)) add(path, v, allowed);
  };
  const integer = (path: string, min: number, max: number, extra = '') => {
    const v = get(path);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      add(path, v, `an integer from ${min} to ${max}${extra}`);
    }
  };
  const oneOf = (path: string, values: readonly unknown[], optional = false) => {
    const v = get(path);
    if (optional && v === undefined) return;
    if (!values.includes(v)) add(path, v, values.map((x) => JSON.stringify(x)).join(', '));
  };
  const stringList = (path: string, each: (s: string) => boolean, allowed: string, minItems = 0) => {
    const v = get(path);
    if (!Array.isArray(v) || v.length < minItems) {
      add(path, v, `a list of ${allowed}${minItems > 0 ? ` with at least ${minItems} item(s)` : ''}`);
      return;
    }
    v.forEach((item, i) => {
      if (typeof item !== 'string' || !each(item)) add(`${path}[${i}]`, item, allowed);
    });
  };

  string('projectName', /^[a-z][a-z0-9-]{1,19}$/, 'lower-case letters, digits and hyphens, 2-20 characters, starting with a letter');
  oneOf('environment', ['production', 'staging', 'development']);
  string('account', /^\d{12}$/, 'a 12-digit AWS account id');
  string('primaryRegion', REGION, 'an AWS region name such as "ap-northeast-1"');
  string('drRegion', REGION, 'an AWS region name such as "ap-northeast-3"');
  if (typeof c.drRegion === 'string' && c.drRegion === c.primaryRegion) {
    conflict('drRegion', 'primaryRegion', (_f, other) => `a region other than ${other}: the remote copy must be at another site`);
  }
  const timeZoneAllowed = timeZoneProblem(get('timeZone'));
  if (timeZoneAllowed) add('timeZone', get('timeZone'), timeZoneAllowed);

  // Network.
  const vpc = checkVpcCidr('network.vpcCidr', get('network.vpcCidr'), add);
  const drVpc = checkVpcCidr('network.drVpcCidr', get('network.drVpcCidr'), add);
  if (vpc && drVpc && overlaps(vpc, drVpc)) {
    conflict('network.drVpcCidr', 'network.vpcCidr', (_f, other) => `a block that does not overlap ${other}`);
  }
  integer('network.maxAzs', 2, 3);
  stringList('network.egressAllowedDomains', (d) => DOMAIN.test(d), 'lower-case domain names, optionally with a leading dot for subdomains ("example.com", ".example.com")');
  const ipsRules = get('network.customIpsRules');
  if (!Array.isArray(ipsRules) || ipsRules.some((r) => typeof r !== 'string')) {
    add('network.customIpsRules', ipsRules, 'a list of Suricata rule strings');
  } else {
    const problems = checkRuleSet(ipsRules, { userRules: true }).problems;
    for (const problem of problems) {
      const index = ipsRules.findIndex((r) => r.trim() === problem.line);
      add(`network.customIpsRules[${index}]`, problem.line, `a Suricata rule the firewall accepts (${problem.reason})`);
    }
    // With Suricata 7 installed (scripts/install-suricata.sh), the engine itself must load them.
    if (problems.length === 0) {
      for (const r of engineRejections(ipsRules)) {
        add(`network.customIpsRules[${r.index}]`, r.rule, `a rule Suricata ${r.engineVersion} loads (the engine says: ${r.message})`);
      }
    }
  }

  // Logs.
  const retention = get('logs.retentionDays');
  if (typeof retention !== 'number' || retention < MIN_LOG_RETENTION_DAYS || !CLOUDWATCH_RETENTION_DAYS.includes(retention)) {
    add('logs.retentionDays', retention, `a CloudWatch retention of at least ${MIN_LOG_RETENTION_DAYS} days (3 years): ${CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= MIN_LOG_RETENTION_DAYS).join(', ')}`);
  }
  oneOf('logs.objectLockMode', ['COMPLIANCE', 'GOVERNANCE'], true);
  oneOf('logs.appLogRetentionDays', CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= 365));

  // Edge.
  oneOf('edge.authPattern', [0, 1, 2, 3]);
  checkCertificate(get('edge.certificate'), get('edge.authPattern'), add);
  checkCertificateLocation(c, add);
  const policy = get('edge.sslPolicy');
  if (typeof policy !== 'string' || !/^ELBSecurityPolicy-TLS13-1-[23]-/.test(policy)) {
    add('edge.sslPolicy', policy, 'an ALB TLS 1.3 policy with TLS 1.2 or 1.3 as minimum ("ELBSecurityPolicy-TLS13-1-2-…" or "ELBSecurityPolicy-TLS13-1-3-…")');
  }
  stringList('edge.adminPathPrefixes', (p) => /^\/[A-Za-z0-9._~\-/]*$/.test(p), 'URL path prefixes starting with "/"', 1);
  checkAllowlist('edge.adminAllowlist', get('edge.adminAllowlist'), add, ALLOWLIST_MIN_PREFIX);
  checkAllowlist('edge.siteAllowlist', get('edge.siteAllowlist'), add, ALLOWLIST_MIN_PREFIX);
  integer('edge.rateLimitPer5Min', 100, 2_000_000_000);
  integer('edge.maxRequestBodyBytes', 1, 10485760, ' (bytes; up to 10 MiB)');
  integer('edge.hstsMaxAgeSeconds', 31536000, 63072000, ' (one to two years)');
  integer('edge.signIn.idleTimeoutMinutes', 5, 720);
  integer('edge.signIn.minPasswordLength', 10, 99, ' (seed S1: at least 10 characters)');
  const prefix = get('edge.signIn.domainPrefix');
  if (prefix !== undefined && (typeof prefix !== 'string' || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix))) {
    add('edge.signIn.domainPrefix', prefix, 'lower-case letters, digits and hyphens, not containing "aws", "amazon" or "cognito"');
  }
  const bucket = get('edge.clientCertificates.caBundleBucket');
  if (bucket !== undefined && (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))) {
    add('edge.clientCertificates.caBundleBucket', bucket, 'an S3 bucket name');
  }
  string('edge.clientCertificates.caBundleKey', /^\S+$/, 'an S3 object key');
  const pattern = c.edge?.authPattern;
  if ((pattern === 2 || pattern === 3) && bucket === undefined) {
    add('edge.clientCertificates.caBundleBucket', bucket, `an S3 bucket holding the client CA bundle: authentication pattern ${pattern} (edge.authPattern) requires client certificates`);
  }
  if (pattern === 3 && Array.isArray(c.edge.siteAllowlist) && c.edge.siteAllowlist.length === 0) {
    add('edge.siteAllowlist', c.edge.siteAllowlist, 'at least one CIDR: authentication pattern 3 (edge.authPattern) restricts the whole site to these sources');
  }

  // App.
  string('app.image', /^\S+$/, 'an image reference ("registry/repository:tag") or "ecr:<repository>:<tag>"');
  integer('app.containerPort', 1024, 65535, ' (non-root containers cannot bind below 1024)');
  string('app.healthCheckPath', /^\/\S*$/, 'a path starting with "/"');
  integer('app.desiredCount', 2, 100, ' (APP-1: at least 2 tasks so one AZ can fail)');
  integer('app.minCount', 2, 100, ' (APP-1: at least 2 tasks)');
  integer('app.maxCount', 2, 200);
  // The floor and the ceiling first: when they contradict each other, the task count in
  // between (often a default) is not what needs fixing.
  const { minCount, maxCount, desiredCount } = c.app ?? {};
  if (isInt(minCount) && isInt(maxCount) && minCount > maxCount) {
    conflict('app.minCount', 'app.maxCount', (field, other) => (field === 'app.minCount' ? `at most ${other}` : `at least ${other}`));
  } else {
    if (isInt(minCount) && isInt(desiredCount) && desiredCount < minCount) {
      conflict('app.desiredCount', 'app.minCount', (field, other) => (field === 'app.desiredCount' ? `at least ${other}` : `at most ${other}: set app.desiredCount too`));
    }
    if (isInt(maxCount) && isInt(desiredCount) && desiredCount > maxCount) {
      conflict('app.desiredCount', 'app.maxCount', (field, other) => (field === 'app.desiredCount' ? `at most ${other}` : `at least ${other}: set app.desiredCount too`));
    }
  }
  oneOf('app.cpu', [256, 512, 1024, 2048, 4096, 8192, 16384]);
  integer('app.memoryMiB', 512, 122880);
  const scheduleAllowed = scheduleExpressionProblem(get('app.recycleSchedule'));
  if (scheduleAllowed) add('app.recycleSchedule', get('app.recycleSchedule'), scheduleAllowed);
  const recycleZoneAllowed = timeZoneProblem(get('app.recycleTimeZone'));
  if (recycleZoneAllowed) add('app.recycleTimeZone', get('app.recycleTimeZone'), recycleZoneAllowed);

  // Data.
  string('data.engineVersion', POSTGRES_VERSION, 'a PostgreSQL major version such as "17" (RDS picks its default minor at creation) or a full "major.minor" such as "17.6"');
  string('data.instanceType', /^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'an RDS instance type without the "db." prefix, such as "m7g.large"');
  integer('data.port', 1150, 65535, ' (the ports RDS for PostgreSQL accepts)');
  if (c.data?.port === 5432) {
    add('data.port', 5432, "a port other than PostgreSQL's default 5432 (AwsSolutions-RDS11: untargeted scans try the standard port first), such as 15432");
  }
  integer('data.allocatedStorageGiB', 20, 65536);
  integer('data.backupRetentionDays', 7, 35, ' (DATA-2: at least 7 days of point-in-time recovery)');
  const backupWindow = get('data.backupWindowUtc');
  if (typeof backupWindow !== 'string' || !UTC_WINDOW.test(backupWindow)) add('data.backupWindowUtc', backupWindow, 'a UTC window "hh:mm-hh:mm"');
  else if (!timeZoneAllowed) {
    // The night is the configured time zone's: a window that is fine alone may not be after the zone changed.
    const allowed = backupWindowProblem(backupWindow, c.timeZone);
    if (allowed) {
      conflict('data.backupWindowUtc', 'timeZone', (field, other) =>
        field === 'timeZone'
          ? `a time zone in whose night data.backupWindowUtc (${JSON.stringify(backupWindow)}, the default) lies; set data.backupWindowUtc to ${allowed.replace(/^a window/, 'a UTC window')}`
          : `${allowed} (the night of ${other})`,
      );
    }
  }
  string('data.maintenanceWindowUtc', /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/, 'a UTC window "ddd:hh:mm-ddd:hh:mm"');
  integer('data.backupVaultRetentionDays', 7, 36500, ' (DATA-4: at least 7 days)');
  oneOf('data.logRetentionDays', CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= 365));

  // Monitoring.
  stringList('monitoring.alarmEmails', (e) => EMAIL.test(e), 'e-mail addresses ("ops@example.com")');
  stringList('monitoring.alarmHttpsEndpoints', (u) => /^https:\/\/[^\s/]+(\/\S*)?$/.test(u), 'https:// URLs');

  // Threat response.
  oneOf('threat.createDetector', [true, false]);
  const severity = get('threat.minSeverity');
  if (typeof severity !== 'number' || severity < 1 || severity > 8.9) add('threat.minSeverity', severity, 'a GuardDuty severity from 1 to 8.9 (4 medium, 7 high)');
  integer('threat.blockTtlHours', 1, 24 * 90);
  checkAllowlist('threat.neverBlock', get('threat.neverBlock'), add);
  for (const source of ['firewall', 'waf']) {
    oneOf(`threat.offences.${source}.enabled`, [true, false]);
    integer(`threat.offences.${source}.threshold`, 1, 100);
    integer(`threat.offences.${source}.windowMinutes`, 1, 1440);
  }
  integer('threat.offences.batchSize', 1, 10_000);
  integer('threat.offences.batchWindowSeconds', 1, 300);

  oneOf('audit.createTrail', [true, false]);
  oneOf('lambdaReservedConcurrency', [true, false]);
  string('retainedNameSuffix', /^(-[a-z0-9]{1,8})?$/, 'empty, or "-" and 1-8 lower-case letters or digits, such as "-2" (appended to the names of retained resources)');

  // Received files (FILE-1).
  integer('files.maxUploadBytes', 1, MAX_SINGLE_UPLOAD_BYTES, ' (bytes; S3 takes at most 5 GiB in one upload; seed S4 asks for 100 MB)');
  stringList('files.allowedContentTypes', (t) => CONTENT_TYPE.test(t), 'media types "type/subtype" in lower case, without parameters or wildcards ("application/pdf")', 1);
  const types = get('files.allowedContentTypes');
  if (Array.isArray(types)) {
    types.forEach((t, i) => {
      if (types.indexOf(t) !== i) add(`files.allowedContentTypes[${i}]`, t, `a type not already listed (files.allowedContentTypes[${types.indexOf(t)}])`);
    });
  }
  integer('files.uploadRetentionDays', 1, 365, ' (days; the application must take clean files within it)');
  integer('files.quarantineRetentionDays', 1, 3650);
  integer('files.uploadUrlExpirySeconds', 60, 3600, ' (seconds a presigned upload stays valid)');
  return problems;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Reports keys that are neither in the defaults nor known optional keys: most are typos. */
function findUnknownKeys(
  node: Record<string, unknown>,
  reference: Record<string, unknown>,
  path: string,
  add: (field: string, value: unknown, allowed: string) => void,
): void {
  const known = new Set([...Object.keys(reference), ...(OPTIONAL_KEYS[path] ?? [])]);
  for (const [key, value] of Object.entries(node)) {
    const field = path ? `${path}.${key}` : key;
    if (!known.has(key)) {
      add(field, value, `no such key; known keys here: ${[...known].sort().join(', ')}`);
      continue;
    }
    const ref = reference[key];
    if (isObject(ref) && isObject(value)) findUnknownKeys(value, ref, field, add);
    else if (isObject(ref) && value !== undefined && !isObject(value)) add(field, value, 'an object');
  }
}

function checkVpcCidr(field: string, value: unknown, add: (f: string, v: unknown, a: string) => void): Cidr | undefined {
  const cidr = typeof value === 'string' ? parseCidr(value, { strict: true }) : undefined;
  if (!cidr || cidr.version !== 4 || !/\//.test(String(value)) || cidr.prefixLength < 16 || cidr.prefixLength > 22) {
    add(field, value, 'an IPv4 CIDR block from /16 to /22 with no host bits set, such as "10.20.0.0/16"');
    return undefined;
  }
  return cidr;
}

function checkAllowlist(
  field: string,
  value: unknown,
  add: (f: string, v: unknown, a: string) => void,
  minPrefix?: { readonly IPV4: number; readonly IPV6: number },
): void {
  if (!Array.isArray(value)) {
    add(field, value, 'a list of IPv4 or IPv6 CIDR blocks');
    return;
  }
  const parsed: { cidr: Cidr; index: number }[] = [];
  value.forEach((item, index) => {
    const cidr = typeof item === 'string' ? parseCidr(item, { strict: true }) : undefined;
    if (!cidr) {
      add(`${field}[${index}]`, item, 'an IPv4 or IPv6 CIDR block with no host bits set, such as "203.0.113.0/24"');
    } else if (cidr.prefixLength === 0) {
      add(`${field}[${index}]`, item, 'a specific range: "0.0.0.0/0" and "::/0" would admit the whole internet');
    } else if (minPrefix && cidr.prefixLength < (cidr.version === 4 ? minPrefix.IPV4 : minPrefix.IPV6)) {
      add(`${field}[${index}]`, item, `a registered place, not a share of the internet: an IPv4 block of /${minPrefix.IPV4} or narrower, an IPv6 block of /${minPrefix.IPV6} or narrower`);
    } else {
      for (const other of parsed) {
        if (overlaps(other.cidr, cidr)) {
          add(`${field}[${index}]`, item, `a block that does not overlap ${field}[${other.index}] (${other.cidr.text})`);
        }
      }
      parsed.push({ cidr, index });
    }
  });
}

/**
 * An ALB serves only certificates of ACM in its own region and account
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html:
 * "ACM ... in the same Region as your load balancer"; ACM certificates cannot be shared with
 * other accounts, https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html).
 * Placeholders are left to the preflight: the default ARN is in Tokyo and the placeholder account.
 */
function checkCertificateLocation(c: HardenedConfig, add: (f: string, v: unknown, a: string) => void): void {
  const arn = c.edge?.certificate?.certificateArn;
  const match = typeof arn === 'string' ? /^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\//.exec(arn) : null;
  if (!match || placeholdersInUse(c).some((p) => p.field === 'edge.certificate.certificateArn')) return;
  const [, region, account] = match;
  if (typeof c.primaryRegion === 'string' && region !== c.primaryRegion) {
    add('edge.certificate.certificateArn', arn, `a certificate in primaryRegion (${JSON.stringify(c.primaryRegion)}), where the load balancer is; this one is in ${JSON.stringify(region)}`);
  }
  if (typeof c.account === 'string' && c.account !== PLACEHOLDER_ACCOUNT && account !== c.account) {
    add('edge.certificate.certificateArn', arn, `a certificate of account (${JSON.stringify(c.account)}), the stacks' account; this one belongs to ${JSON.stringify(account)}`);
  }
}

function checkCertificate(value: unknown, authPattern: unknown, add: (f: string, v: unknown, a: string) => void): void {
  if (value === undefined) {
    add('edge.certificate', value, 'an object: { "certificateArn": … }, or { "domainName": …, "hostedZoneId": …, "hostedZoneName": … } for a DNS-validated certificate');
    return;
  }
  if (!isObject(value)) return; // reported as "an object" by the shape check
  const arn = value.certificateArn;
  const domain = value.domainName;
  if (domain !== undefined && (typeof domain !== 'string' || !DOMAIN.test(domain) || domain.startsWith('.'))) {
    add('edge.certificate.domainName', domain, 'the site domain name, such as "app.example.com"');
  }
  if (typeof authPattern === 'number' && authPattern >= 1 && domain === undefined) {
    add('edge.certificate.domainName', domain, `the site domain name: authentication pattern ${authPattern} (edge.authPattern) signs users in at https://<domainName>/oauth2/idpresponse`);
  }
  if (arn !== undefined) {
    if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/.test(arn)) {
      add('edge.certificate.certificateArn', arn, 'an ACM certificate ARN ("arn:aws:acm:<region>:<account>:certificate/<uuid>")');
    }
    // With a certificate ARN, a hosted zone is optional and only carries the site's alias records.
    if (value.hostedZoneId !== undefined || value.hostedZoneName !== undefined) checkHostedZone(value, add);
    return;
  }
  if (domain === undefined) {
    add('edge.certificate.domainName', domain, 'the site domain name, required when no certificateArn is given');
  }
  checkHostedZone(value, add, ', required when no certificateArn is given');
}

/** A hosted zone: id and name together, and the site's name inside the zone (its alias records go there). */
function checkHostedZone(value: Record<string, unknown>, add: (f: string, v: unknown, a: string) => void, required = ''): void {
  if (typeof value.hostedZoneId !== 'string' || !/^Z[A-Z0-9]{1,31}$/.test(value.hostedZoneId)) {
    add('edge.certificate.hostedZoneId', value.hostedZoneId, `a Route 53 hosted-zone id ("Z…")${required || ', given together with hostedZoneName'}`);
  }
  const zone = value.hostedZoneName;
  if (typeof zone !== 'string' || !DOMAIN.test(zone) || zone.startsWith('.')) {
    add('edge.certificate.hostedZoneName', zone, `the hosted zone's domain name${required || ', given together with hostedZoneId'}`);
    return;
  }
  const domain = value.domainName;
  if (domain === undefined && !required) {
    add('edge.certificate.domainName', domain, `the site domain name inside the hosted zone "${zone}": its alias records are created there`);
  } else if (typeof domain === 'string' && domain !== zone && !domain.endsWith(`.${zone}`)) {
    add('edge.certificate.domainName', domain, `a name inside the hosted zone "${zone}" (the zone or a subdomain of it)`);
  }
}
