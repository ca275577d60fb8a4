import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../engine/values';
import { isPrimaryDbInstance } from './databases';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** DATA-2: a primary database instance has a Multi-AZ standby and cannot be deleted without first lifting deletion protection. */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const p = scan.props(node);
  return isTrue(p.MultiAZ) && isTrue(p.DeletionProtection) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseMultiAzAndDeletionProtected: HardenedRule = {
  control: 'DATA-2',
  name: 'DatabaseMultiAzAndDeletionProtected',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'DATA-2: the primary database has no Multi-AZ standby or no deletion protection.',
  explanation: 'A standby in another AZ takes over on failure; deletion protection stops an accidental delete.',
  check,
};
