/**
 * What preflight and verify assume about the stacks, checked on the synthesized default app: if a
 * stack is renamed, a construct moves, an alarm loses the project prefix or a reservation changes,
 * these fail here instead of the commands giving a wrong verdict against a real account.
 */
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { RESOURCES, ResourceLocator, StackPart, stackName, stackRegion } from '../../lib/operations/deployment';
import { OWN_GROUPS_CAPACITY, managedGroupArn } from '../../lib/operations/preflight/firewall-capacity';
import { stackReservations } from '../../lib/operations/preflight/lambda-concurrency';
import { MANAGED_THREAT_SIGNATURE_GROUPS } from '../../lib/network/ips-signatures';
import { allTemplates, defaultAssembly, resourcesOfType, templateJson } from '../support/assembly';

const PARTS: StackPart[] = ['Audit', 'Alerting', 'Network', 'Edge', 'Data', 'Dr', 'App', 'Threat', 'Monitoring', 'Files'];

test('every stack the commands look up exists under that name, in that region', () => {
  const stacks = defaultAssembly().stacks.map((s) => `${s.id}@${s.region}`).sort();
  expect(PARTS.map((p) => `${stackName(DEFAULT_CONFIG, p)}@${stackRegion(DEFAULT_CONFIG, p)}`).sort()).toEqual(stacks);
});

test.each(Object.entries(RESOURCES))('%s: exactly one resource of its stack matches the locator', (_name, locator: ResourceLocator) => {
  const matches = resourcesOfType(templateJson(locator.stack), locator.type).filter(([id]) => !locator.logicalIdPrefix || id.startsWith(locator.logicalIdPrefix));
  expect(matches.map(([id]) => id)).toHaveLength(1);
});

test(`every alarm is named "${DEFAULT_CONFIG.projectName}-…", so verify's DescribeAlarms by prefix sees them all`, () => {
  const names = allTemplates().flatMap(({ template }) =>
    [...resourcesOfType(template, 'AWS::CloudWatch::Alarm'), ...resourcesOfType(template, 'AWS::CloudWatch::CompositeAlarm')].map(([id, r]) => ({ id, name: r.Properties.AlarmName })),
  );
  expect(names.length).toBeGreaterThan(10);
  expect(names.filter((n) => typeof n.name !== 'string' || !n.name.startsWith(`${DEFAULT_CONFIG.projectName}-`))).toEqual([]);
});

test('the reserved concurrency preflight counts is what the stacks reserve, stack by stack', () => {
  const expected: Record<string, number> = {};
  for (const r of stackReservations(DEFAULT_CONFIG)) expected[r.stack] = (expected[r.stack] ?? 0) + r.units;
  const actual: Record<string, number> = {};
  for (const part of PARTS) {
    const units = resourcesOfType(templateJson(part), 'AWS::Lambda::Function').reduce((sum, [, f]) => sum + (f.Properties.ReservedConcurrentExecutions ?? 0), 0);
    if (units > 0) actual[part] = units;
  }
  expect(actual).toEqual(Object.fromEntries(Object.entries(expected).filter(([, units]) => units > 0)));
});

test('the firewall policy holds the managed groups preflight measures and own groups of the capacity it adds', () => {
  const network = templateJson('Network');
  const own = resourcesOfType(network, 'AWS::NetworkFirewall::RuleGroup').reduce((sum, [, g]) => sum + g.Properties.Capacity, 0);
  expect(own).toBe(OWN_GROUPS_CAPACITY);
  const [[, policy]] = resourcesOfType(network, 'AWS::NetworkFirewall::FirewallPolicy');
  const refs = JSON.stringify(policy.Properties.FirewallPolicy.StatefulRuleGroupReferences);
  for (const name of MANAGED_THREAT_SIGNATURE_GROUPS) {
    // The template builds the ARN with the partition and region tokens; the name part is literal.
    expect(refs).toContain(managedGroupArn('P', 'R', name).split(':aws-managed:')[1]);
  }
});
