/**
 * AWS Network Firewall's STRICT_ORDER arbitration, emulated over the matches the real Suricata 7
 * engine reports. Stock Suricata orders actions pass > drop > reject > alert; AWS does not, so the
 * harness loads every rule with its action rewritten to `alert` (the engine then reports every
 * rule that matched each packet, with its packet number) and this module decides, packet by
 * packet, what AWS would do. Each assumption names the AWS page it rests on:
 *
 * 1. Order. Groups by ascending priority, rules in the order written; the first pass, drop or
 *    reject rule that matches decides; alert rules only log.
 *    https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
 * 2. Scope of a decision. AWS: "For all actions, Network Firewall performs the specified action and
 *    discontinues stateful inspection of the traffic flow" (flow scope).
 *    https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_StatefulRule.html
 *    Suricata applies a pass from a packet rule (no sticky buffer) to that packet only ("Action
 *    Scope" per rule type: https://docs.suricata.io/en/suricata-8.0.0/rules/rule-types.html; seen
 *    in 7.0.10 here: the load balancer's replies fell to the default). Which one AWS's build
 *    does for each rule type is not documented, so every scenario is judged under BOTH scopes
 *    (`PassScope`) and must get the same verdict. A drop (or reject) always ends the flow, as
 *    Suricata in IPS mode does.
 * 3. Default actions (only with STRICT_ORDER), for packets no pass/drop rule decided:
 *    - aws:drop_strict drops every such packet; aws:drop_established those of established
 *      connections (the TCP handshake passes).
 *    - aws:drop_established_app_layer ("Application drop established (bidirectional)") waits for
 *      the application layer (TLS ClientHello complete, HTTP request line, or the engine having
 *      recognised another protocol or given up) before dropping; the ..._to_server variant
 *      ("server-directed only") drops only packets towards the server, never the server's replies.
 *      https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
 *      https://aws.amazon.com/about-aws/whats-new/2026/06/aws-network-firewall-updates-default-drop-action
 *    - aws:alert_* only log.
 *    "Established" and "application layer ready" are the engine's own judgement, read from probe
 *    rules the harness adds (PROBE_RULES), not guessed from the capture.
 * 4. HOME_NET is the rule groups' HOME_NET variable (the VPC CIDR; AWS's default is the
 *    inspection VPC's CIDR): https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_PolicyVariables.html
 * 5. AWS-managed rule groups publish no rules: they cannot be loaded and are reported as skipped.
 * 6. Domain lists: the project writes its allowlist as Suricata rules (no RulesSourceList), so no
 *    domain-list expansion is involved; a RulesSourceList group is refused by the harness.
 */
import { CapturedPacket } from './pcap';

export type PassScope = 'flow' | 'packet';
export type RuleAction = 'pass' | 'drop' | 'reject' | 'alert';

/** A policy rule as the harness loaded it: where it sits in strict order and what it does. */
export interface LoadedRule {
  readonly sid: number;
  readonly action: RuleAction;
  /** 0-based position in strict order across all groups. */
  readonly position: number;
  readonly group: string;
  readonly msg: string;
}

/** Rules the harness adds to read the engine's view of each packet; never part of the policy. */
export const PROBE_SIDS = { established: 9_990_001, tlsClientHello: 9_990_002, httpRequest: 9_990_003 } as const;
export const PROBE_RULES: readonly string[] = [
  `alert tcp any any -> any any (msg:"probe: established"; flow:established; sid:${PROBE_SIDS.established}; rev:1;)`,
  `alert tls any any -> any any (msg:"probe: ClientHello parsed"; flow:to_server, established; ssl_state:client_hello; sid:${PROBE_SIDS.tlsClientHello}; rev:1;)`,
  `alert http any any -> any any (msg:"probe: HTTP request line parsed"; flow:to_server, established; http.request_line; content:"HTTP/"; sid:${PROBE_SIDS.httpRequest}; rev:1;)`,
];

export interface PacketMatch {
  readonly sid: number;
  readonly appProto?: string;
}

export interface PacketFate {
  readonly index: number;
  readonly passed: boolean;
  /** What decided: a rule's sid, a default action name, "handshake", "flow passed", "flow dropped". */
  readonly decidedBy: string;
}

export interface FlowOutcome {
  readonly fates: readonly PacketFate[];
  /** Policy rules that matched any packet (engine matches, in strict order), with their action. */
  readonly matched: readonly LoadedRule[];
  readonly verdict: 'pass' | 'drop' | 'partial';
  /** The rule or default action that dropped the flow, if any. */
  readonly droppedBy?: string;
}

const APP_LAYER_DEFAULTS = new Set(['aws:drop_established_app_layer', 'aws:drop_established_app_layer_to_server']);

/** Emulates one flow's packets under STRICT_ORDER. */
export function arbitrateFlow(
  packets: readonly CapturedPacket[],
  matchesByPacket: ReadonlyMap<number, readonly PacketMatch[]>,
  rules: ReadonlyMap<number, LoadedRule>,
  defaultActions: readonly string[],
  scope: PassScope,
): FlowOutcome {
  const dropDefault = defaultActions.find((a) => a.startsWith('aws:drop_'));
  let flowState: 'open' | 'passed' | 'dropped' = 'open';
  let droppedBy: string | undefined;
  let appLayerReady = false;
  const matched = new Map<number, LoadedRule>();
  const fates: PacketFate[] = [];

  for (const p of packets) {
    const matches = matchesByPacket.get(p.index) ?? [];
    const sids = new Set(matches.map((m) => m.sid));
    const established = sids.has(PROBE_SIDS.established);
    const appProto = matches.find((m) => m.sid === PROBE_SIDS.established)?.appProto;
    if (sids.has(PROBE_SIDS.tlsClientHello) || sids.has(PROBE_SIDS.httpRequest)) appLayerReady = true;
    // Another protocol recognised (ssh, smtp, …) or recognition failed: nothing more to wait for.
    if (established && appProto !== undefined && !['tls', 'http', 'http1', 'unknown'].includes(appProto)) appLayerReady = true;

    const policyMatches = [...sids].map((s) => rules.get(s)).filter((r): r is LoadedRule => r !== undefined).sort((a, b) => a.position - b.position);
    if (flowState === 'dropped') {
      fates.push({ index: p.index, passed: false, decidedBy: 'flow dropped' });
      continue;
    }
    if (flowState === 'passed') {
      fates.push({ index: p.index, passed: true, decidedBy: 'flow passed' });
      continue;
    }
    for (const r of policyMatches) matched.set(r.sid, r);
    const decisive = policyMatches.find((r) => r.action !== 'alert');
    if (decisive) {
      if (decisive.action === 'pass') {
        fates.push({ index: p.index, passed: true, decidedBy: `sid ${decisive.sid}` });
        if (scope === 'flow') flowState = 'passed';
      } else {
        fates.push({ index: p.index, passed: false, decidedBy: `sid ${decisive.sid}` });
        flowState = 'dropped';
        droppedBy = `sid ${decisive.sid} (${decisive.msg})`;
      }
      continue;
    }
    const drops = (() => {
      if (!dropDefault) return false;
      if (dropDefault === 'aws:drop_strict') return true;
      if (!established) return false;
      if (!APP_LAYER_DEFAULTS.has(dropDefault)) return true;
      if (dropDefault === 'aws:drop_established_app_layer_to_server' && p.direction !== 'to_server') return false;
      return appLayerReady;
    })();
    if (drops) {
      fates.push({ index: p.index, passed: false, decidedBy: dropDefault! });
      flowState = 'dropped';
      droppedBy = `default action ${dropDefault}`;
    } else {
      fates.push({ index: p.index, passed: true, decidedBy: established ? 'default (not dropped)' : 'handshake' });
    }
  }

  const dropped = (dir: CapturedPacket['direction']) => packets.some((p, i) => p.direction === dir && p.payloadLength > 0 && !fates[i].passed);
  const anyDropped = fates.some((f) => !f.passed);
  const verdict = dropped('to_server') ? 'drop' : anyDropped ? 'partial' : 'pass';
  return { fates, matched: [...matched.values()].sort((a, b) => a.position - b.position), verdict, droppedBy };
}
