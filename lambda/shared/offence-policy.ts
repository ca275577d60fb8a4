/**
 * The offence policy as the functions read it from their environment (JSON written by the
 * `IpBlocker` construct from the validated configuration): parsed strictly, every problem named.
 */
import { OffencePolicy, SourcePolicy } from './contracts/ip-blocker';

/** Most offences one address may need before a block (the window's list of offence ids is kept per address). */
export const MAX_THRESHOLD = 100;
/** Longest counting window: one day. */
export const MAX_WINDOW_SECONDS = 86_400;

export function parseOffencePolicy(raw: string): { policy: OffencePolicy } | { problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { problems: [`not JSON: ${JSON.stringify(raw.slice(0, 80))}`] };
  }
  const problems: string[] = [];
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const source = (name: 'firewall' | 'waf'): SourcePolicy => {
    const s = (typeof o[name] === 'object' && o[name] !== null ? o[name] : undefined) as Record<string, unknown> | undefined;
    if (!s) {
      problems.push(`${name}: missing; expected { enabled, threshold, windowSeconds }`);
      return { enabled: false, threshold: 1, windowSeconds: 60 };
    }
    if (typeof s.enabled !== 'boolean') problems.push(`${name}.enabled: got ${JSON.stringify(s.enabled)}; expected true or false`);
    const int = (field: string, min: number, max: number) => {
      const v = s[field];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) problems.push(`${name}.${field}: got ${JSON.stringify(v)}; expected an integer from ${min} to ${max}`);
      return typeof v === 'number' ? v : min;
    };
    return { enabled: s.enabled === true, threshold: int('threshold', 1, MAX_THRESHOLD), windowSeconds: int('windowSeconds', 60, MAX_WINDOW_SECONDS) };
  };
  const firewall = source('firewall');
  const waf = source('waf');
  const rules = (o.waf as Record<string, unknown> | undefined)?.countedRules;
  if (!Array.isArray(rules) || !rules.every((r) => typeof r === 'string' && r !== '')) {
    problems.push(`waf.countedRules: got ${JSON.stringify(rules)}; expected a list of web ACL rule names`);
  }
  if (problems.length > 0) return { problems };
  return { policy: { firewall, waf: { ...waf, countedRules: rules as string[] } } };
}
