import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isPrimaryDbInstance, isTrue, props } from '../support';

/** DATA-2: a primary database instance has a Multi-AZ standby and cannot be deleted without first lifting deletion protection. */
export function DatabaseMultiAzAndDeletionProtected(node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  return isTrue(p.MultiAZ) && isTrue(p.DeletionProtection) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
