import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, list, props, stringList } from '../support';
import { FIREWALL_POLICY, dropsByDefault, policyOf, statefulReferences, suricataLines } from './firewall-policy';

const DOMAIN_TARGET_TYPES = ['TLS_SNI', 'HTTP_HOST'];

/** A domain allowlist: a generated ALLOWLIST on TLS SNI / HTTP Host, or Suricata pass rules keyed on them. */
function isDomainAllowlist(group: CfnResource): boolean {
  const p = props(group);
  if (p.Type !== 'STATEFUL') return false;
  const generated = p.RuleGroup?.RulesSource?.RulesSourceList;
  if (isObject(generated) && generated.GeneratedRulesType === 'ALLOWLIST' && list(generated.Targets).length > 0) {
    if (stringList(generated.TargetTypes).some((t) => DOMAIN_TARGET_TYPES.includes(t))) return true;
  }
  return suricataLines(group).some((l) => /^pass\s/i.test(l) && /\b(tls\.sni|http\.host)\b/i.test(l));
}

/**
 * NET-6: outbound traffic reaches only allowlisted destinations. The policy drops by default and
 * references a stateful rule group that allows domains by TLS SNI or HTTP Host (a generated
 * ALLOWLIST, or Suricata pass rules on `tls.sni` / `http.host`).
 */
export function EgressRestrictedToAllowlist(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== FIREWALL_POLICY) return NagRuleCompliance.NOT_APPLICABLE;
  const policy = policyOf(node);
  if (!policy || !dropsByDefault(policy)) return NagRuleCompliance.NON_COMPLIANT;
  const allowlisted = statefulReferences(node, policy).some((ref) => ref.groups.some(isDomainAllowlist));
  return allowlisted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
