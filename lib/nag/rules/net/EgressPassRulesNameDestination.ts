import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RULE_GROUP, suricataLines } from './firewall-policy';
import { isObject, list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Addresses that mean "the internet" in a rule header. */
const ANYWHERE = /^(any|\$EXTERNAL_NET|!\$HOME_NET|0\.0\.0\.0\/0|::\/0|\[0\.0\.0\.0\/0(,\s*::\/0)?\])$/i;
/** Addresses that include the VPC's own hosts. */
const INSIDE = /^(any|\$HOME_NET)$/i;
/** Keywords that name a destination by domain (TLS SNI, HTTP Host). */
const DOMAIN_KEYWORD = /\b(tls\.sni|tls_sni|http\.host|http_host)\s*;\s*(content|pcre|dotprefix)/i;

/** A Suricata rule's header: action, protocol, source, source port, direction, destination, destination port. */
function header(line: string): { action: string; src: string; dir: string; dst: string } | undefined {
  const m = /^(\S+)\s+\S+\s+(\[[^\]]*\]|\S+)\s+\S+\s+(->|<>)\s+(\[[^\]]*\]|\S+)\s+\S+\s*\(/.exec(line);
  return m ? { action: m[1].toLowerCase(), src: m[2], dir: m[3], dst: m[4] } : undefined;
}

/**
 * Options that keep a pass from opening a connection of its own: a reply in a flow the internet
 * opened (`flow:to_client` / `from_server`), or the rest of a flow another rule allowed and marked
 * (`flowbits:isset,…`: the marking rule is the one that must name the destination).
 */
const NOT_A_NEW_EGRESS = /\bflow\s*:\s*[^;]*\b(to_client|from_server)\b|\bflowbits\s*:\s*isset\s*,/i;

/** Whether a Suricata pass rule lets the VPC reach the internet without naming where. */
function unnamedEgressPass(line: string): boolean {
  const h = header(line);
  if (!h || h.action !== 'pass') return false;
  const outward = INSIDE.test(h.src) && ANYWHERE.test(h.dst);
  const both = h.dir === '<>' && INSIDE.test(h.dst) && ANYWHERE.test(h.src);
  return (outward || both) && !DOMAIN_KEYWORD.test(line) && !NOT_A_NEW_EGRESS.test(line);
}

/** Whether a structured (StatefulRules) pass rule lets the VPC reach anywhere without a domain keyword. */
function unnamedStructuredPass(rule: Record<string, any>): boolean {
  if (String(rule.Action).toUpperCase() !== 'PASS') return false;
  const src = String(rule.Header?.Source ?? '');
  const dst = String(rule.Header?.Destination ?? '');
  if (!INSIDE.test(src) || !ANYWHERE.test(dst)) return false;
  return !list(rule.RuleOptions).some((o) => isObject(o) && /^(tls\.sni|http\.host)$/i.test(String(o.Keyword)));
}

/**
 * NET-6: every stateful pass rule that lets the VPC's hosts reach the internet names its
 * destination: a TLS SNI or HTTP Host match (the domain allowlist) or a specific address. A pass
 * to `any` / `$EXTERNAL_NET` without one opens egress to everything on that protocol, whatever the
 * allowlist next to it says. Replies in flows the internet opened, and the rest of a flow an
 * allowlist rule marked with a flowbit, open nothing new and are accepted. Generated domain lists
 * (RulesSourceList) always name their domains.
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-examples.html
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (scan.props(node).Type !== 'STATEFUL') return NagRuleCompliance.NOT_APPLICABLE;
  const structured = list(scan.props(node).RuleGroup?.RulesSource?.StatefulRules).filter(isObject);
  const open = suricataLines(scan, node).some(unnamedEgressPass) || structured.some(unnamedStructuredPass);
  return open ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

export const EgressPassRulesNameDestination: HardenedRule = {
  control: 'NET-6',
  name: 'EgressPassRulesNameDestination',
  resourceTypes: [RULE_GROUP],
  info: 'NET-6: a stateful pass rule lets the VPC reach any internet destination without naming one (TLS SNI / HTTP Host match or a specific address).',
  explanation: 'One pass to any destination opens egress to everything on that protocol, whatever the domain allowlist next to it says.',
  check,
};
