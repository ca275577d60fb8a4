/**
 * The synthesized firewall policy replayed in the real Suricata 7 engine (issue #15; NET-1, NET-2,
 * NET-6): every project rule loads, and every generated scenario gets its expected verdict under
 * AWS strict order, whether a pass covers the packet or the whole flow.
 * Needs the engine: `scripts/install-suricata.sh` (run by `npm test`'s pretest). In CI (CI set, or
 * HS_REQUIRE_ENGINES=1 as .ci/run sets, or HS_REQUIRE_FIREWALL_ENGINE=1) a missing engine fails the
 * run; elsewhere the suite is skipped with the install hint (test/support/required-tool.ts).
 */
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { validateConfig } from '../../lib/config/validate';
import { FirewallEngineReport, runFirewallScenarios } from '../../lib/network/engine/firewall-harness';
import { FirewallPolicyModel, firewallPolicyFromTemplate } from '../../lib/network/engine/firewall-policy';
import { engineEvidenceFor, scenarioTableMarkdown } from '../../lib/network/engine/scenario-table';
import { egressDomainsOf, firewallScenarios, Scenario } from '../../lib/network/engine/scenarios';
import { findSuricata, INSTALL_HINT } from '../../lib/network/engine/suricata-binary';
import { checkRulesLoad } from '../../lib/network/engine/suricata-run';
import { serverHelloRecord } from '../../lib/network/engine/tls-messages';
import { allTemplates } from '../support/assembly';
import { toolOrSkip } from '../support/required-tool';

const engine = findSuricata();
const describeEngine = toolOrSkip({ name: 'the firewall engine (Suricata 7)', env: 'HS_REQUIRE_FIREWALL_ENGINE', install: INSTALL_HINT }, engine !== undefined) ? describe : describe.skip;

function policies(): Array<{ stack: string; policy: FirewallPolicyModel }> {
  return allTemplates()
    .map((t) => ({ stack: t.id, policy: firewallPolicyFromTemplate(t.template) }))
    .filter((p): p is { stack: string; policy: FirewallPolicyModel } => p.policy !== undefined);
}

function scenariosFor(policy: FirewallPolicyModel) {
  return firewallScenarios({ homeNet: policy.homeNet, siteName: 'app.example.com', egressAllowedDomains: egressDomainsOf(policy.groups.flatMap((g) => g.rules)) });
}

describeEngine('the firewall policy in Suricata 7 (default configuration)', () => {
  let runs: Array<{ stack: string; policy: FirewallPolicyModel; report: FirewallEngineReport }>;
  beforeAll(() => {
    runs = policies().map(({ stack, policy }) => ({ stack, policy, report: runFirewallScenarios(engine!, policy, scenariosFor(policy)) }));
  });

  test('every stack with a firewall is replayed, with its project rule groups and the AWS-managed ones reported as not loadable', () => {
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (const { report } of runs) {
      expect(report.loads.filter((l) => !l.managed).map((l) => l.rules)).toEqual([expect.any(Number), expect.any(Number)]);
      expect(report.loads.filter((l) => l.managed).length).toBeGreaterThanOrEqual(1);
    }
  });

  test('0 rules fail to load', () => {
    const errors = runs.flatMap((r) => r.report.loads.flatMap((l) => l.errors.map((e) => `${r.stack} ${l.group} sid ${e.sid}: ${e.message}`)));
    expect(errors).toEqual([]);
  });

  test('every scenario gets its expected verdict under both pass scopes', () => {
    const rows = runs.flatMap((r) => r.report.results.map((x) => `${x.scenario.id}: expected ${x.scenario.expected}, packet ${x.verdicts.packet}, flow ${x.verdicts.flow}`));
    const wrong = runs.flatMap((r) => r.report.results.filter((x) => !x.agreed).map((x) => `${x.scenario.id}: expected ${x.scenario.expected}, packet ${x.verdicts.packet}, flow ${x.verdicts.flow}`));
    expect(wrong).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(20);
  });

  test('the split post-quantum ClientHello passes in and out; attacks and non-allowlisted egress are dropped by the rule meant for them', () => {
    const result = (id: string) => runs[0].report.results.find((x) => x.scenario.id === id)!;
    expect(result('ingress/https-post-quantum-split-clienthello').verdicts).toEqual({ flow: 'pass', packet: 'pass' });
    expect(result('egress/allowlisted-public.ecr.aws-tls-split').verdicts).toEqual({ flow: 'pass', packet: 'pass' });
    expect(result('ingress/log4shell-in-uri').droppedBy).toMatch(/^sid 2000003 /);
    expect(result('ingress/sql-injection').droppedBy).toMatch(/^sid 2000006 /);
    expect(result('ingress/path-traversal').droppedBy).toMatch(/^sid 2000002 /);
    expect(result('egress/ldap-callback').droppedBy).toMatch(/^sid 2000009 /);
    for (const id of ['egress/not-allowlisted-tls-split', 'egress/no-sni', 'egress/lookalike-suffix-public.ecr.aws', 'ingress/ssh-to-non-web-port']) {
      expect(result(id).droppedBy).toBe('default action aws:drop_established_app_layer_to_server');
    }
  });

  test('egress to every allowlisted host is covered, AWS APIs without an endpoint included', () => {
    const ids = runs[0].report.results.map((x) => x.scenario.id);
    for (const domain of [...DEFAULT_CONFIG.network.egressAllowedDomains, `wafv2.${DEFAULT_CONFIG.primaryRegion}.amazonaws.com`]) {
      expect(ids).toEqual(expect.arrayContaining([`egress/allowlisted-${domain}-tls`, `egress/allowlisted-${domain}-tls-split`, `egress/allowlisted-${domain}-http`]));
    }
  });

  test('the compliance evidence for NET-1/2/6 has no problems, and the scenario table lists every scenario with its verdict', () => {
    const engineRuns = runs.map((r) => ({ stack: r.stack, report: r.report }));
    for (const id of ['NET-1', 'NET-2', 'NET-6']) {
      const evidence = engineEvidenceFor(id, engineRuns)!;
      expect([id, evidence.problems]).toEqual([id, []]);
      expect(evidence.summary).toMatch(new RegExp(`^Suricata 7\\.\\d+\\.\\d+ replayed \\d+ ${id} scenarios .*all as expected$`));
    }
    expect(engineEvidenceFor('WEB-1', engineRuns)).toBeUndefined();
    expect(engineEvidenceFor('NET-1', [{ stack: 'X', skipped: 'not installed' }])!.problems).toEqual(['X: firewall scenarios not run (not installed)']);
    const table = scenarioTableMarkdown(engineRuns);
    for (const x of runs[0].report.results) expect(table).toContain(`(\`${x.scenario.id}\`) | ${x.scenario.controls.join(' ')} | ${x.scenario.expected} | ${x.verdicts.packet} |`);
    expect(table).toMatch(/ThreatSignaturesExploitsStrictOrder \| 10 \| — \| AWS-managed: rules not published/);
  });

  test('the TLS floor signature fires on the load balancer answering TLS 1.0, never on its TLS 1.3 answer', () => {
    const { policy } = runs[0];
    const modern = scenariosFor(policy).find((s) => s.id === 'ingress/https-post-quantum-split-clienthello')!;
    const legacy: Scenario = {
      ...modern,
      id: 'ingress/load-balancer-answers-tls-1.0',
      client: { ...modern.client, port: 50001 },
      messages: [modern.messages[0], { from: 'server', segments: [serverHelloRecord(0x0301)] }],
    };
    const results = runFirewallScenarios(engine!, policy, [modern, legacy]).results;
    const [m, l] = [modern.id, legacy.id].map((id) => results.find((x) => x.scenario.id === id)!);
    expect(m.matched.map((r) => r.sid)).not.toContain(2000001);
    expect(l.matched.map((r) => r.sid)).toContain(2000001);
    // Where a pass covers only its packet, the reply is dropped; where it covers the flow, AWS stopped
    // inspecting at the ClientHello: the listener's TLS 1.3 policy (WEB-3) is the floor itself.
    expect(l.verdicts).toEqual({ packet: 'partial', flow: 'pass' });
  });

  test('the engine shows the defects the fixes address: the old default drops split ClientHellos, the old TLS floor drops browsers', () => {
    const { policy } = runs[0];
    const oldDefault: FirewallPolicyModel = { ...policy, statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'] };
    const oldFloor = 'drop tls $EXTERNAL_NET any -> $HOME_NET 443 (msg:"old TLS floor"; flow:to_server, established; ssl_version:sslv2,sslv3,tls1.0,tls1.1; sid:2000001; rev:1;)';
    const withOldFloor: FirewallPolicyModel = {
      ...policy,
      groups: policy.groups.map((g) => ({ ...g, rules: g.rules.map((r) => (/sid:2000001;/.test(r) ? oldFloor : r)) })),
    };
    const scenarios = scenariosFor(policy).filter((s) => ['egress/allowlisted-public.ecr.aws-tls-split', 'ingress/https-post-quantum-split-clienthello'].includes(s.id));
    const verdicts = (p: FirewallPolicyModel) => Object.fromEntries(runFirewallScenarios(engine!, p, scenarios).results.map((x) => [x.scenario.id, x.verdicts.flow]));
    expect(verdicts(oldDefault)['egress/allowlisted-public.ecr.aws-tls-split']).toBe('drop');
    expect(verdicts(withOldFloor)['ingress/https-post-quantum-split-clienthello']).toBe('drop');
  });
});

describeEngine('rules the engine rejects', () => {
  test('an http.host rule with nocase is reported with the engine\'s own message and its sid', () => {
    const errors = checkRulesLoad(engine!, ['pass http $HOME_NET any -> $EXTERNAL_NET 80 (http.host; content:"example.com"; nocase; sid:1000001; rev:1;)'], { homeNet: '[10.0.0.0/16]' });
    expect(errors).toEqual([{ sid: 1000001, rule: expect.stringContaining('sid:1000001'), message: expect.stringMatching(/http\.host.*nocase/) }]);
  });

  test('a custom IPS rule the engine rejects is a configuration error naming the field, the rule and the engine\'s message', () => {
    const good = 'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"x"; flow:to_server, established; http.uri; content:"/x"; sid:1000001; rev:1;)';
    const bad = 'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"y"; flow:to_server, established; http.host; content:"evil.example"; nocase; sid:1000002; rev:1;)';
    const problems = validateConfig({ ...DEFAULT_CONFIG, network: { ...DEFAULT_CONFIG.network, customIpsRules: [good, bad] } });
    expect(problems).toEqual([{ field: 'network.customIpsRules[1]', value: bad, allowed: expect.stringMatching(/Suricata 7\.\d+\.\d+ loads \(the engine says: http\.host keyword specified along with "nocase"/) }]);
  });

  test('the README\'s example custom IPS rule loads', () => {
    const rule = 'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"block wp-login probes"; flow:to_server, established; http.uri; content:"/wp-login.php"; sid:1000001; rev:1;)';
    expect(checkRulesLoad(engine!, [rule], { homeNet: '[10.0.0.0/16]' })).toEqual([]);
  });
});
