import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL_POLICY, dropsByDefault, policyOf, statefulReferences, suricataLines } from './firewall-policy';
import { isObject, list, stringList } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

const DOMAIN_TARGET_TYPES = ['TLS_SNI', 'HTTP_HOST'];

/** A domain allowlist: a generated ALLOWLIST on TLS SNI / HTTP Host, or Suricata pass rules keyed on them. */
function isDomainAllowlist(scan: Scan, group: CfnResource): boolean {
  const p = scan.props(group);
  if (p.Type !== 'STATEFUL') return false;
  const generated = p.RuleGroup?.RulesSource?.RulesSourceList;
  if (isObject(generated) && generated.GeneratedRulesType === 'ALLOWLIST' && list(generated.Targets).length > 0) {
    if (stringList(generated.TargetTypes).some((t) => DOMAIN_TARGET_TYPES.includes(t))) return true;
  }
  return suricataLines(scan, group).some((l) => /^pass\s/i.test(l) && /\b(tls\.sni|http\.host)\b/i.test(l));
}

/**
 * NET-6: outbound traffic reaches only allowlisted destinations. The policy drops by default and
 * references a stateful rule group that allows domains by TLS SNI or HTTP Host (a generated
 * ALLOWLIST, or Suricata pass rules on `tls.sni` / `http.host`).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const policy = policyOf(scan, node);
  if (!policy || !dropsByDefault(policy)) return NagRuleCompliance.NON_COMPLIANT;
  const allowlisted = statefulReferences(scan, node, policy).some((ref) => ref.groups.some((r) => isDomainAllowlist(scan, r)));
  return allowlisted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const EgressRestrictedToAllowlist: HardenedRule = {
  control: 'NET-6',
  name: 'EgressRestrictedToAllowlist',
  resourceTypes: [FIREWALL_POLICY],
  info: 'NET-6: the firewall policy does not restrict egress to a domain allowlist (default drop + TLS SNI / HTTP Host allowlist rule group).',
  explanation: 'Outbound traffic limited to known destinations stops data exfiltration and command-and-control callbacks.',
  check,
};
