/**
 * Turns a synthesized firewall policy into Suricata 7 runs: every rule group is load-checked with
 * its real actions (one `-T` run), then the scenario capture is replayed once with every rule
 * rewritten to `alert` plus the probe rules, and strict-order.ts decides what AWS would do.
 * One engine process per step, whatever the number of scenarios.
 */
import { FirewallPolicyModel } from './firewall-policy';
import { captureOf, Scenario, Verdict } from './scenarios';
import { arbitrateFlow, LoadedRule, PacketMatch, PassScope, PROBE_RULES, RuleAction } from './strict-order';
import { SuricataBinary } from './suricata-binary';
import { checkRulesLoad, EngineVariables, replay, RuleLoadError } from './suricata-run';

export interface RuleGroupLoad {
  readonly group: string;
  readonly priority: number;
  readonly managed: boolean;
  readonly rules: number;
  readonly errors: readonly RuleLoadError[];
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly verdicts: Readonly<Record<PassScope, 'pass' | 'drop' | 'partial'>>;
  /** Both pass scopes reached the expected verdict. */
  readonly agreed: boolean;
  readonly matched: readonly LoadedRule[];
  readonly droppedBy?: string;
}

export interface FirewallEngineReport {
  readonly engineVersion: string;
  readonly defaultActions: readonly string[];
  readonly loads: readonly RuleGroupLoad[];
  readonly results: readonly ScenarioResult[];
  readonly seconds: number;
}

const ACTION = /^\s*(pass|drop|reject|rejectsrc|rejectdst|rejectboth|alert)\s/;

export function engineVariables(policy: FirewallPolicyModel): EngineVariables {
  return { homeNet: `[${policy.homeNet.join(',')}]` };
}

/** Every loadable rule in strict order, with its action and place. */
export function loadedRules(policy: FirewallPolicyModel): LoadedRule[] {
  let position = 0;
  return policy.groups.flatMap((g) =>
    g.rules.map((text) => {
      const action = ACTION.exec(text)?.[1] ?? 'alert';
      const sid = Number(/[(;]\s*sid\s*:\s*(\d+)/.exec(text)?.[1] ?? NaN);
      const msg = /msg\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? '';
      return { sid, action: (action.startsWith('reject') ? 'reject' : action) as RuleAction, position: position++, group: g.name, msg };
    }),
  );
}

/** Load check of every customer-managed group, with the rules' own actions. */
export function checkPolicyLoads(engine: SuricataBinary, policy: FirewallPolicyModel): RuleGroupLoad[] {
  const all = policy.groups.flatMap((g) => g.rules);
  const errors = all.length > 0 ? checkRulesLoad(engine, all, engineVariables(policy)) : [];
  return policy.groups.map((g) => ({
    group: g.name,
    priority: g.priority,
    managed: g.managed,
    rules: g.rules.length,
    errors: errors.filter((e) => g.rules.includes(e.rule) || (e.rule === '' && !g.managed)),
  }));
}

export function runFirewallScenarios(engine: SuricataBinary, policy: FirewallPolicyModel, scenarios: readonly Scenario[]): FirewallEngineReport {
  const started = Date.now();
  if (policy.ruleOrder !== 'STRICT_ORDER') throw new Error(`the harness emulates STRICT_ORDER policies only; this policy uses ${policy.ruleOrder}`);
  const loads = checkPolicyLoads(engine, policy);
  const failed = new Set(loads.flatMap((l) => l.errors.map((e) => e.rule)));
  const rules = loadedRules(policy);
  const table = new Map(rules.map((r) => [r.sid, r]));
  const engineRules = [...policy.groups.flatMap((g) => g.rules).filter((r) => !failed.has(r)).map((r) => r.replace(ACTION, 'alert ')), ...PROBE_RULES];

  const capture = captureOf(scenarios);
  const alerts = replay(engine, engineRules, capture.toPcap(), engineVariables(policy));
  const byPacket = new Map<number, PacketMatch[]>();
  for (const a of alerts) byPacket.set(a.pcapCount, [...(byPacket.get(a.pcapCount) ?? []), { sid: a.sid, appProto: a.appProto }]);

  const results = scenarios.map((scenario) => {
    const packets = capture.captured.filter((p) => p.flow === scenario.id);
    const flow = arbitrateFlow(packets, byPacket, table, policy.statefulDefaultActions, 'flow');
    const packet = arbitrateFlow(packets, byPacket, table, policy.statefulDefaultActions, 'packet');
    const verdicts = { flow: flow.verdict, packet: packet.verdict };
    return {
      scenario,
      verdicts,
      agreed: verdicts.flow === scenario.expected && verdicts.packet === scenario.expected,
      matched: packet.matched,
      droppedBy: packet.droppedBy ?? flow.droppedBy,
    };
  });
  return { engineVersion: engine.version, defaultActions: policy.statefulDefaultActions, loads, results, seconds: (Date.now() - started) / 1000 };
}

export type { Verdict };
