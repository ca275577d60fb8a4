import { CfnResource } from 'aws-cdk-lib';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { cdkContext } from '../support/context';
import { override } from '../../lib/mutation/catalog/edit';
import { l1 } from '../../lib/mutation/mutation';
import { MutationRunner, assertAllKilled, shortfalls } from '../../lib/mutation/runner';

// The suite must fail when a mutation survives or does not apply: shown here on two mutations
// built to do exactly that.
jest.setTimeout(120_000);

const runner = new MutationRunner({ config: DEFAULT_CONFIG, context: cdkContext() });

test('a mutation that leaves the template unchanged is "not-applied" and fails the suite', () => {
  const r = runner.run({
    id: 'delete-protection-already-on',
    control: 'NET-7',
    change: 'Sets DeleteProtection to the value it already has.',
    apply: (s) => override(s.network.firewall.firewall, 'DeleteProtection', true),
  });
  expect(r.outcome).toBe('not-applied');
  expect(shortfalls(r).join()).toMatch(/does not apply/);
  expect(() => assertAllKilled([r])).toThrow(/1 of 1 mutations fall short/);
});

test('a mutation no rule catches "survives" and fails the suite', () => {
  const r = runner.run({
    id: 'alb-security-group-description',
    control: 'NET-4',
    change: 'Rewords a security group description: a real change no rule has a reason to flag.',
    apply: (s) => override(l1(s.network.securityGroups.alb) as CfnResource, 'GroupDescription', 'reworded'),
  });
  expect(r.outcome).toBe('survived');
  expect(() => assertAllKilled([r])).toThrow(/survived: no rule pack reports it/);
});

test('a mutation that cannot find its target is an error, naming it, and fails the suite', () => {
  const r = runner.run({
    id: 'missing-target',
    control: 'NET-1',
    change: 'Looks for a construct that does not exist.',
    apply: (s) => s.network.node.findChild('NoSuchConstruct'),
  });
  expect(r.outcome).toBe('error');
  expect(() => assertAllKilled([r])).toThrow(/could not be applied: .*NoSuchConstruct/);
});

test('a killed mutation records the new finding on the mutated resource', () => {
  const r = runner.run({
    id: 'delete-protection-off',
    control: 'NET-7',
    change: 'DeleteProtection false.',
    apply: (s) => override(s.network.firewall.firewall, 'DeleteProtection', false),
  });
  expect(r.outcome).toBe('killed');
  expect(r.onMutatedResource).toBe(true);
  expect(r.hardenedFindings).toContain('Hardened-NET-7-FirewallProtectedFromDeletion at Hardened-Network/InspectionFirewall/Firewall');
  expect(() => assertAllKilled([r])).not.toThrow();
});
