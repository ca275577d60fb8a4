import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { stringList } from '../support';
import { FIREWALL_POLICY, dropsByDefault, policyOf } from './firewall-policy';

/**
 * NET-1: the firewall policy is default deny. Rule groups are evaluated in STRICT_ORDER, an
 * established flow no rule passed is dropped (`aws:drop_established`, `aws:drop_strict` or an
 * application-layer `aws:drop_established_app_layer…` variant), and
 * stateless traffic, fragments included, goes to the stateful engine (`aws:forward_to_sfe`).
 */
export function FirewallPolicyDropsByDefault(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== FIREWALL_POLICY) return NagRuleCompliance.NOT_APPLICABLE;
  const policy = policyOf(node);
  if (!policy) return NagRuleCompliance.NON_COMPLIANT;
  const strictOrder = policy.StatefulEngineOptions?.RuleOrder === 'STRICT_ORDER';
  const forwards = (actions: unknown) => stringList(actions).includes('aws:forward_to_sfe');
  return strictOrder && dropsByDefault(policy) && forwards(policy.StatelessDefaultActions) && forwards(policy.StatelessFragmentDefaultActions)
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
