import { Cidr, parseCidr } from '../shared/cidr';
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_OFFENCE_POLICY, ENV, OffencePolicy, WAF_IP_SET_LIMIT } from '../shared/contracts/ip-blocker';
import { Environment, EnvironmentReader, readEnvironment } from '../shared/environment';
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

export { ConfigError } from '../shared/environment';

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
export function loadConfig(env: Environment): BlockerConfig {
  return readEnvironment('ip-blocker', env, (read) => {
    const ipSet = (name: string, version: IpVersion): IpSetRef => {
      const raw = read.text(name);
      const ref = raw === '' ? undefined : parseIpSetArn(raw, version);
      if (raw !== '' && !ref) read.problem(`${name}: got ${JSON.stringify(raw)}; expected a WAFv2 IP set ARN (arn:aws:wafv2:REGION:ACCOUNT:regional/ipset/NAME/ID)`);
      return ref ?? { arn: raw, name: '', id: '', scope: 'REGIONAL', region: '', version };
    };
    // A list may be empty (set, blank); each item must be a CIDR narrower than /0.
    const cidrList = (name: string): Cidr[] => {
      const out: Cidr[] = [];
      for (const item of read.present(name).split(',').map((s) => s.trim()).filter((s) => s !== '')) {
        const cidr = parseCidr(item);
        if (!cidr) read.problem(`${name}: ${JSON.stringify(item)} is not an IPv4 or IPv6 CIDR`);
        else if (cidr.prefixLength === 0) read.problem(`${name}: ${JSON.stringify(item)} covers every address (/0)`);
        else out.push(cidr);
      }
      return out;
    };

    const config: BlockerConfig = {
      tableName: read.text(ENV.tableName),
      ipv4Set: ipSet(ENV.ipv4SetArn, 4),
      ipv6Set: ipSet(ENV.ipv6SetArn, 6),
      blockTtlSeconds: read.number(ENV.blockTtlSeconds, { min: 3600, max: 365 * 86400 }),
      minSeverity: read.number(ENV.minSeverity, { min: 1, max: 10, integer: false }),
      neverBlock: cidrList(ENV.neverBlock),
      ownCidrs: cidrList(ENV.ownCidrs),
      maxSetSize: read.number(ENV.maxSetSize, { fallback: WAF_IP_SET_LIMIT, min: 1, max: WAF_IP_SET_LIMIT }),
      // Worst case ≈ 21 s of waiting over 10 attempts, well inside the function's timeout.
      wafRetry: { maxAttempts: read.number(ENV.wafMaxAttempts, { fallback: 10, min: 1, max: 20 }), baseDelayMs: 100, maxDelayMs: 5000 },
      metricsNamespace: read.optional(ENV.metricsNamespace) ?? DEFAULT_METRICS_NAMESPACE,
      detectorId: read.optional(ENV.detectorId),
      sweepMaxFindings: read.number(ENV.sweepMaxFindings, { fallback: 1000, min: 1, max: 5000 }),
      offencePolicy: offencePolicy(env[ENV.offencePolicy], read),
    };
    if (config.ipv4Set.arn !== '' && config.ipv4Set.arn === config.ipv6Set.arn) {
      read.problem(`${ENV.ipv4SetArn} and ${ENV.ipv6SetArn} name the same IP set; each IP version needs its own`);
    }
    return config;
  });
}

/** What the intake needs: where offences go, and which of them count. */
export interface IntakeConfig {
  readonly queueUrl: string;
  readonly offencePolicy: OffencePolicy;
  readonly metricsNamespace: string;
}

export function loadIntakeConfig(env: Environment): IntakeConfig {
  return readEnvironment('ip-blocker', env, (read) => ({
    queueUrl: read.text(ENV.queueUrl),
    offencePolicy: offencePolicy(env[ENV.offencePolicy], read),
    metricsNamespace: read.optional(ENV.metricsNamespace) ?? DEFAULT_METRICS_NAMESPACE,
  }));
}

function offencePolicy(raw: string | undefined, read: EnvironmentReader): OffencePolicy {
  if (raw === undefined || raw.trim() === '') return DEFAULT_OFFENCE_POLICY;
  const result = parseOffencePolicy(raw);
  if ('problems' in result) {
    result.problems.forEach((p) => read.problem(`${ENV.offencePolicy}: ${p}`));
    return DEFAULT_OFFENCE_POLICY;
  }
  return result.policy;
}
