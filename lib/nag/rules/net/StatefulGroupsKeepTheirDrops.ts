import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { FIREWALL_POLICY, policyOf, statefulReferences } from './firewall-policy';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * NET-2: no stateful rule group reference of the policy is overridden to `DROP_TO_ALERT`. The
 * override turns every drop of the group (the project's IPS or an AWS managed threat-signature
 * group) into an alert: the firewall then detects what it was meant to prevent. A noisy signature
 * is excluded from its group, not the whole group silenced.
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/nwfw-managed-rule-groups.html
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const policy = policyOf(scan, node);
  if (!policy) return NagRuleCompliance.NOT_APPLICABLE;
  return statefulReferences(scan, node, policy).some((ref) => ref.overrideAction === 'DROP_TO_ALERT') ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

export const StatefulGroupsKeepTheirDrops: HardenedRule = {
  control: 'NET-2',
  name: 'StatefulGroupsKeepTheirDrops',
  resourceTypes: [FIREWALL_POLICY],
  info: 'NET-2: a stateful rule group reference of the firewall policy is overridden to DROP_TO_ALERT.',
  explanation: 'The override turns every drop of the group into an alert: the firewall detects what it was meant to prevent.',
  check,
};
