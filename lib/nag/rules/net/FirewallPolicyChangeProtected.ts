import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, props } from '../support';
import { FIREWALL } from './firewall-policy';

/**
 * NET-7: the firewall's policy cannot be swapped without first lifting a protection. Swapping the
 * policy detaches the IPS and the default deny as surely as deleting the firewall would.
 */
export function FirewallPolicyChangeProtected(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== FIREWALL) return NagRuleCompliance.NOT_APPLICABLE;
  return isTrue(props(node).FirewallPolicyChangeProtection) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
