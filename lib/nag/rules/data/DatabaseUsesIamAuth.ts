import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isPrimaryDbInstance, isTrue, props } from '../support';

/** DATA-6: a primary database instance accepts IAM database authentication (short-lived tokens instead of stored passwords). */
export function DatabaseUsesIamAuth(node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(node)) return NagRuleCompliance.NOT_APPLICABLE;
  return isTrue(props(node).EnableIAMDatabaseAuthentication) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
