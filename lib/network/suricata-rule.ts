/**
 * Suricata rules are data the project owns (NET-2, NET-6). This module parses the subset of the
 * rule grammar the firewall accepts and rejects what would weaken the IPS: unknown actions,
 * missing or duplicate `sid`, missing `rev`, and rules that would pass everything.
 */

export const SURICATA_ACTIONS = ['pass', 'drop', 'reject', 'alert', 'rejectsrc', 'rejectdst', 'rejectboth'] as const;
export type SuricataAction = (typeof SURICATA_ACTIONS)[number];

/** sids 1,000,000–1,999,999 are reserved for rules users add from configuration. */
export const USER_SID_RANGE = { min: 1_000_000, max: 1_999_999 } as const;

export interface SuricataRule {
  readonly text: string;
  readonly action: SuricataAction;
  readonly protocol: string;
  readonly source: string;
  readonly sourcePort: string;
  readonly direction: '->' | '<>';
  readonly destination: string;
  readonly destinationPort: string;
  /** Options in order; flag options (no value) have value ''. */
  readonly options: ReadonlyArray<{ readonly key: string; readonly value: string }>;
  readonly sid: number;
  readonly rev: number;
}

export class SuricataRuleError extends Error {
  constructor(public readonly line: string, public readonly reason: string) {
    super(`${reason}: ${line}`);
    this.name = 'SuricataRuleError';
  }
}

const HEADER = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(->|<>)\s+(\S+)\s+(\S+)\s*\((.*)\)\s*$/s;
const ANY_ADDRESS = new Set(['any', '$EXTERNAL_NET', '0.0.0.0/0', '::/0', '[0.0.0.0/0,::/0]', '[any]']);
// Options that narrow a rule beyond its header; a pass rule with none of these passes everything.
const NON_MATCHING_OPTIONS = new Set(['msg', 'sid', 'rev', 'classtype', 'priority', 'metadata', 'reference', 'gid']);

/** Splits the option block on `;` that are not inside quotes or escaped. */
function splitOptions(body: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && i + 1 < body.length) {
      current += ch + body[i + 1];
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      if (current.trim()) parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (quoted) throw new Error('unterminated quoted string');
  if (current.trim()) throw new Error(`option "${current.trim()}" is not terminated by ";"`);
  return parts;
}

/** Parses one rule; throws SuricataRuleError quoting the line on anything unacceptable. */
export function parseSuricataRule(line: string): SuricataRule {
  const text = line.trim();
  const m = HEADER.exec(text);
  if (!m) throw new SuricataRuleError(text, 'not a Suricata rule (expected "action proto src sport -> dst dport (options;)")');
  const [, action, protocol, source, sourcePort, direction, destination, destinationPort, body] = m;
  if (!(SURICATA_ACTIONS as readonly string[]).includes(action)) {
    throw new SuricataRuleError(text, `unknown action "${action}" (allowed: ${SURICATA_ACTIONS.join(', ')})`);
  }
  let rawOptions: string[];
  try {
    rawOptions = splitOptions(body);
  } catch (e) {
    throw new SuricataRuleError(text, (e as Error).message);
  }
  const options = rawOptions.map((o) => {
    const colon = o.indexOf(':');
    return colon < 0 ? { key: o.trim(), value: '' } : { key: o.slice(0, colon).trim(), value: o.slice(colon + 1).trim() };
  });
  const single = (key: string): string | undefined => {
    const found = options.filter((o) => o.key === key);
    if (found.length > 1) throw new SuricataRuleError(text, `option "${key}" appears more than once`);
    return found[0]?.value;
  };
  const sidText = single('sid');
  if (sidText === undefined) throw new SuricataRuleError(text, 'missing sid');
  if (!/^[1-9]\d{0,9}$/.test(sidText)) throw new SuricataRuleError(text, `sid "${sidText}" is not a positive integer`);
  const revText = single('rev');
  if (revText === undefined) throw new SuricataRuleError(text, 'missing rev');
  if (!/^[1-9]\d{0,5}$/.test(revText)) throw new SuricataRuleError(text, `rev "${revText}" is not a positive integer`);

  const rule: SuricataRule = {
    text,
    action: action as SuricataAction,
    protocol,
    source,
    sourcePort,
    direction: direction as '->' | '<>',
    destination,
    destinationPort,
    options,
    sid: Number(sidText),
    rev: Number(revText),
  };
  if (passesEverything(rule)) {
    throw new SuricataRuleError(text, 'a pass rule for any protocol, address and port with no content match would let everything through');
  }
  return rule;
}

/**
 * A pass rule whose header matches any traffic (ip/any protocol, any addresses, any ports) and
 * whose options add no match condition defeats the default-deny policy (NET-1).
 */
export function passesEverything(rule: SuricataRule): boolean {
  if (rule.action !== 'pass') return false;
  const anyProto = rule.protocol === 'ip' || rule.protocol === 'any';
  const anyAddress = (a: string) => ANY_ADDRESS.has(a);
  const anyPort = (p: string) => p === 'any';
  const headerAny =
    anyProto && anyAddress(rule.source) && anyAddress(rule.destination) && anyPort(rule.sourcePort) && anyPort(rule.destinationPort);
  const narrowing = rule.options.some((o) => !NON_MATCHING_OPTIONS.has(o.key) && o.key !== 'flow');
  return headerAny && !narrowing;
}

export interface RuleSetProblem {
  readonly line: string;
  readonly reason: string;
}

/**
 * Parses a whole rule set (comments and blank lines allowed) and reports every problem, including
 * sids used twice. `userRules` must keep their sids in USER_SID_RANGE so they never collide with
 * the rules the project ships.
 */
export function checkRuleSet(lines: readonly string[], options: { userRules?: boolean } = {}): { rules: SuricataRule[]; problems: RuleSetProblem[] } {
  const rules: SuricataRule[] = [];
  const problems: RuleSetProblem[] = [];
  const sids = new Map<number, string>();
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      const rule = parseSuricataRule(line);
      const previous = sids.get(rule.sid);
      if (previous !== undefined) {
        problems.push({ line, reason: `duplicate sid ${rule.sid} (also used by: ${previous})` });
        continue;
      }
      if (options.userRules && (rule.sid < USER_SID_RANGE.min || rule.sid > USER_SID_RANGE.max)) {
        problems.push({ line, reason: `user rules must use sids from ${USER_SID_RANGE.min} to ${USER_SID_RANGE.max}; got ${rule.sid}` });
        continue;
      }
      sids.set(rule.sid, line);
      rules.push(rule);
    } catch (e) {
      if (e instanceof SuricataRuleError) problems.push({ line: e.line, reason: e.reason });
      else throw e;
    }
  }
  return { rules, problems };
}
