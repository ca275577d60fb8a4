import { Cidr, parseCidr } from '../shared/cidr';
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_OFFENCE_POLICY, ENV, OffencePolicy, WAF_IP_SET_LIMIT } from '../shared/contracts/ip-blocker';
import { parseOffencePolicy } from '../shared/offence-policy';

export type IpVersion = 4 | 6;

/** One WAFv2 IP set, as UpdateIPSet and GetIPSet address it. */
export interface IpSetRef {
  readonly arn: string;
  readonly name: string;
  readonly id: string;
  readonly scope: 'REGIONAL' | 'CLOUDFRONT';
  readonly region: string;
  readonly version: IpVersion;
}

export interface RetryPolicy {
  /** Attempts in all (1 = no retry). */
  readonly maxAttempts: number;
  /** Upper bound of the first retry's random delay; doubles each attempt. */
  readonly baseDelayMs: number;
  /** Cap of the random delay. */
  readonly maxDelayMs: number;
}

export interface BlockerConfig {
  readonly tableName: string;
  readonly ipv4Set: IpSetRef;
  readonly ipv6Set: IpSetRef;
  readonly blockTtlSeconds: number;
  readonly minSeverity: number;
  readonly neverBlock: readonly Cidr[];
  readonly ownCidrs: readonly Cidr[];
  readonly maxSetSize: number;
  readonly wafRetry: RetryPolicy;
  readonly metricsNamespace: string;
  readonly detectorId?: string;
  readonly sweepMaxFindings: number;
  /** Which log offences count, and how many in what window block an address. */
  readonly offencePolicy: OffencePolicy;
}

/** The environment is missing a variable or holds a value the functions cannot use. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid ip-blocker environment: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

// arn:aws:wafv2:ap-northeast-1:123456789012:regional/ipset/NAME/ID (CLOUDFRONT sets say "global").
const IP_SET_ARN = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):\d{12}:(regional|global)\/ipset\/([A-Za-z0-9_-]{1,128})\/([a-f0-9-]{1,128})$/;

export function parseIpSetArn(arn: string, version: IpVersion): IpSetRef | undefined {
  const m = IP_SET_ARN.exec(arn.trim());
  if (!m) return undefined;
  return { arn: arn.trim(), region: m[1], scope: m[2] === 'global' ? 'CLOUDFRONT' : 'REGIONAL', name: m[3], id: m[4], version };
}

/**
 * Reads and checks the whole environment, reporting every problem at once. Pure: handlers call
 * it once at module load with `process.env`, so a misconfigured function fails on its first
 * invocation with the variable's name instead of blocking the wrong thing.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): BlockerConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const nonEmpty = (name: string): string => {
    const value = required(name).trim();
    if (env[name] !== undefined && value === '') problems.push(`${name} is empty`);
    return value;
  };
  const number = (name: string, fallback: number | undefined, min: number, max: number, integer = true): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') {
      if (fallback !== undefined) return fallback;
      problems.push(`${name} is ${raw === undefined ? 'not set' : 'empty'}`);
      return NaN;
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
      problems.push(`${name}: got ${JSON.stringify(raw)}; expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    }
    return value;
  };
  const ipSet = (name: string, version: IpVersion): IpSetRef => {
    const raw = nonEmpty(name);
    const ref = raw === '' ? undefined : parseIpSetArn(raw, version);
    if (raw !== '' && !ref) problems.push(`${name}: got ${JSON.stringify(raw)}; expected a WAFv2 IP set ARN (arn:aws:wafv2:REGION:ACCOUNT:regional/ipset/NAME/ID)`);
    return ref ?? { arn: raw, name: '', id: '', scope: 'REGIONAL', region: '', version };
  };
  const cidrList = (name: string): Cidr[] => {
    const raw = required(name);
    const out: Cidr[] = [];
    for (const item of raw.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const cidr = parseCidr(item);
      if (!cidr) problems.push(`${name}: ${JSON.stringify(item)} is not an IPv4 or IPv6 CIDR`);
      else if (cidr.prefixLength === 0) problems.push(`${name}: ${JSON.stringify(item)} covers every address (/0)`);
      else out.push(cidr);
    }
    return out;
  };

  const config: BlockerConfig = {
    tableName: nonEmpty(ENV.tableName),
    ipv4Set: ipSet(ENV.ipv4SetArn, 4),
    ipv6Set: ipSet(ENV.ipv6SetArn, 6),
    blockTtlSeconds: number(ENV.blockTtlSeconds, undefined, 3600, 365 * 86400),
    minSeverity: number(ENV.minSeverity, undefined, 1, 10, false),
    neverBlock: cidrList(ENV.neverBlock),
    ownCidrs: cidrList(ENV.ownCidrs),
    maxSetSize: number(ENV.maxSetSize, WAF_IP_SET_LIMIT, 1, WAF_IP_SET_LIMIT),
    // Worst case ≈ 21 s of waiting over 10 attempts, well inside the function's timeout.
    wafRetry: { maxAttempts: number(ENV.wafMaxAttempts, 10, 1, 20), baseDelayMs: 100, maxDelayMs: 5000 },
    metricsNamespace: env[ENV.metricsNamespace]?.trim() || DEFAULT_METRICS_NAMESPACE,
    detectorId: env[ENV.detectorId]?.trim() || undefined,
    sweepMaxFindings: number(ENV.sweepMaxFindings, 1000, 1, 5000),
    offencePolicy: offencePolicy(env[ENV.offencePolicy], problems),
  };
  if (config.ipv4Set.arn !== '' && config.ipv4Set.arn === config.ipv6Set.arn) {
    problems.push(`${ENV.ipv4SetArn} and ${ENV.ipv6SetArn} name the same IP set; each IP version needs its own`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function offencePolicy(raw: string | undefined, problems: string[]): OffencePolicy {
  if (raw === undefined || raw.trim() === '') return DEFAULT_OFFENCE_POLICY;
  const result = parseOffencePolicy(raw);
  if ('problems' in result) {
    problems.push(...result.problems.map((p) => `${ENV.offencePolicy}: ${p}`));
    return DEFAULT_OFFENCE_POLICY;
  }
  return result.policy;
}
