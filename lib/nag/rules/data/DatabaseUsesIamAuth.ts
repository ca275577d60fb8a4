import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../engine/values';
import { isPrimaryDbInstance } from './databases';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** DATA-6: a primary database instance accepts IAM database authentication (short-lived tokens instead of stored passwords). */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  return isTrue(scan.props(node).EnableIAMDatabaseAuthentication) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseUsesIamAuth: HardenedRule = {
  control: 'DATA-6',
  name: 'DatabaseUsesIamAuth',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'DATA-6: the database does not enable IAM database authentication.',
  explanation: 'Short-lived IAM tokens replace long-lived passwords for the application.',
  check,
};
