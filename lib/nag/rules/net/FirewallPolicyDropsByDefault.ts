import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL_POLICY, dropsByDefault, policyOf } from './firewall-policy';
import { stringList } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * NET-1: the firewall policy is default deny. Rule groups are evaluated in STRICT_ORDER, an
 * established flow no rule passed is dropped (`aws:drop_established`, `aws:drop_strict` or an
 * application-layer `aws:drop_established_app_layer…` variant), and
 * stateless traffic, fragments included, goes to the stateful engine (`aws:forward_to_sfe`).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const policy = policyOf(scan, node);
  if (!policy) return NagRuleCompliance.NON_COMPLIANT;
  const strictOrder = policy.StatefulEngineOptions?.RuleOrder === 'STRICT_ORDER';
  const forwards = (actions: unknown) => stringList(actions).includes('aws:forward_to_sfe');
  return strictOrder && dropsByDefault(policy) && forwards(policy.StatelessDefaultActions) && forwards(policy.StatelessFragmentDefaultActions)
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}

export const FirewallPolicyDropsByDefault: HardenedRule = {
  control: 'NET-1',
  name: 'FirewallPolicyDropsByDefault',
  resourceTypes: [FIREWALL_POLICY],
  info: 'NET-1: the firewall policy is not default deny (STRICT_ORDER, stateful default aws:drop_established or aws:drop_strict, stateless and fragment defaults aws:forward_to_sfe).',
  explanation: 'Only explicitly allowed flows may pass; a policy that passes by default, orders rules by action or lets stateless traffic skip the stateful engine admits what nobody approved.',
  check,
};
