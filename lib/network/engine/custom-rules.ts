/**
 * Users' own IPS rules (`network.customIpsRules`) checked by the engine itself: when Suricata 7 is
 * installed, a rule it would reject is a configuration error with the engine's own message, before
 * Network Firewall gets the chance to reject the rule group at deploy time.
 */
import { findSuricata } from './suricata-binary';
import { checkRulesLoad } from './suricata-run';

export interface EngineRejection {
  /** Index in the list given. */
  readonly index: number;
  readonly rule: string;
  readonly message: string;
  readonly engineVersion: string;
}

/** The rules Suricata 7 refuses to load; empty when the engine is not installed. */
export function engineRejections(rules: readonly string[]): EngineRejection[] {
  if (rules.length === 0) return [];
  const engine = findSuricata();
  if (!engine) return [];
  // HOME_NET's value does not change whether a rule loads.
  return checkRulesLoad(engine, rules, { homeNet: '[10.0.0.0/8]' }).map((e) => ({
    index: Math.max(0, rules.indexOf(e.rule)),
    rule: e.rule,
    message: e.message,
    engineVersion: engine.version,
  }));
}
