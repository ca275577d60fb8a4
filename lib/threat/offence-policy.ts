/**
 * Checks of an offence policy at synth, every problem named with its field and value (the
 * functions check the same JSON again when they load).
 */
import { OffencePolicy } from '../../lambda/shared/contracts/ip-blocker';
import { MAX_THRESHOLD, MAX_WINDOW_SECONDS, parseOffencePolicy } from '../../lambda/shared/offence-policy';

export function offencePolicyProblems(field: string, policy: OffencePolicy): string[] {
  const result = parseOffencePolicy(JSON.stringify(policy));
  return 'problems' in result ? result.problems.map((p) => `${field}.${p}`) : [];
}

/** One line per source, for the compliance report and the README. */
export function describeOffencePolicy(policy: OffencePolicy, minSeverity: number, ttlHours: number): string[] {
  const source = (name: string, s: { enabled: boolean; threshold: number; windowSeconds: number }, what: string) =>
    s.enabled ? `${name}: ${what} — blocks after ${s.threshold} in ${s.windowSeconds / 60} minutes` : `${name}: off`;
  return [
    `GuardDuty: a finding of severity ≥ ${minSeverity} naming an inbound attacker — blocks at once`,
    source('Firewall', policy.firewall, 'a drop by an IPS or managed threat signature'),
    source('WAF', policy.waf, `a block by an AWS managed rule group or ${policy.waf.countedRules.join(', ') || 'no rule of our own'} (never the rate limit)`),
    `Block lasts ${ttlHours} hours from the last offence; never blocked: admin and site allowlists, threat.neverBlock, our VPC ranges and NAT addresses, special-purpose ranges`,
  ];
}

export { MAX_THRESHOLD, MAX_WINDOW_SECONDS };
