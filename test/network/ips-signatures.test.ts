import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { EGRESS_ALLOWED_FLOWBIT, EGRESS_CONTINUATION_RULES, egressAllowlistRules, INGRESS_PASS_RULES, IPS_DROP_SIGNATURES } from '../../lib/network/ips-signatures';
import { checkRuleSet, parseSuricataRule, passesEverything, USER_SID_RANGE } from '../../lib/network/suricata-rule';

// lib/network/ips-signatures.ts: the Suricata rules the project ships (NET-2, NET-6).
describe('Suricata rules the project ships', () => {
  const egress = egressAllowlistRules(DEFAULT_CONFIG.network.egressAllowedDomains);
  const shipped = [...IPS_DROP_SIGNATURES, ...INGRESS_PASS_RULES, ...EGRESS_CONTINUATION_RULES, ...egress];

  test('together they parse as one rule set, with unique sids', () => {
    const { rules, problems } = checkRuleSet(shipped);
    expect(problems).toEqual([]);
    expect(new Set(rules.map((r) => r.sid)).size).toBe(shipped.length);
  });

  test('the IPS signatures drop, never merely alert (NET-2)', () => {
    for (const line of IPS_DROP_SIGNATURES) expect(parseSuricataRule(line).action).toBe('drop');
  });

  test('each list keeps to its documented sid range (drop 2000001-099, ingress 101-189, continuation 190-199, egress 201+)', () => {
    const sids = (lines: readonly string[]) => lines.map((l) => parseSuricataRule(l).sid);
    const outside = (lines: readonly string[], min: number, max: number) => sids(lines).filter((sid) => sid < min || sid > max);
    expect(outside(IPS_DROP_SIGNATURES, 2000001, 2000099)).toEqual([]);
    expect(outside(INGRESS_PASS_RULES, 2000101, 2000189)).toEqual([]);
    expect(outside(EGRESS_CONTINUATION_RULES, 2000190, 2000199)).toEqual([]);
    expect(outside(egress, 2000201, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  test('no shipped rule passes everything, and shipped sids stay out of the user range', () => {
    for (const line of shipped) {
      const rule = parseSuricataRule(line);
      expect(passesEverything(rule)).toBe(false);
      expect(rule.sid < USER_SID_RANGE.min || rule.sid > USER_SID_RANGE.max).toBe(true);
    }
  });

  test('every egress allowlist rule sets the flowbit that the continuation rules require', () => {
    const optionsOf = (line: string) => parseSuricataRule(line).options;
    expect(egress.length).toBe(2 * DEFAULT_CONFIG.network.egressAllowedDomains.length);
    for (const line of egress) expect(optionsOf(line)).toContainEqual({ key: 'flowbits', value: `set,${EGRESS_ALLOWED_FLOWBIT}` });
    for (const line of EGRESS_CONTINUATION_RULES) expect(optionsOf(line)).toContainEqual({ key: 'flowbits', value: `isset,${EGRESS_ALLOWED_FLOWBIT}` });
  });

  test('egress rules anchor the domain: exact names match whole, a leading dot matches subdomains only', () => {
    const [tlsExact] = egressAllowlistRules(['public.ecr.aws']);
    expect(tlsExact).toMatch(/tls\.sni; content:"public\.ecr\.aws"; startswith; nocase; endswith;/);
    const [tlsWildcard] = egressAllowlistRules(['.example.com']);
    expect(tlsWildcard).toMatch(/content:"\.example\.com"; nocase; endswith;/);
    expect(tlsWildcard).not.toMatch(/startswith/);
  });
});
