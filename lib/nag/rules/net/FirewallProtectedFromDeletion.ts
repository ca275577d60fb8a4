import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, props } from '../support';
import { FIREWALL } from './firewall-policy';

/** NET-7: the firewall cannot be deleted, nor moved off its subnets, without first lifting a protection. */
export function FirewallProtectedFromDeletion(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== FIREWALL) return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  return isTrue(p.DeleteProtection) && isTrue(p.SubnetChangeProtection) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
