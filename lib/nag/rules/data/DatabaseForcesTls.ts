import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, literalString } from '../../engine/values';
import { isPrimaryDbInstance } from './databases';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Parameters that make the engine refuse unencrypted connections (PostgreSQL, MySQL/MariaDB). */
const TLS_PARAMETERS: Record<string, string[]> = {
  'rds.force_ssl': ['1'],
  require_secure_transport: ['1', 'on'],
};

/**
 * DATA-6: a primary database instance refuses unencrypted connections: its DB parameter group
 * (a resource of the app) sets `rds.force_ssl` = 1 (or `require_secure_transport` = ON).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const group = scan.designatedResources(node, scan.props(node).DBParameterGroupName, ['AWS::RDS::DBParameterGroup'], ['DBParameterGroupName'])[0];
  const parameters = group ? scan.props(group).Parameters : undefined;
  if (!isObject(parameters)) return NagRuleCompliance.NON_COMPLIANT;
  const forced = Object.entries(TLS_PARAMETERS).some(([name, values]) => values.includes((literalString(parameters[name]) ?? '').toLowerCase()));
  return forced ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseForcesTls: HardenedRule = {
  control: 'DATA-6',
  name: 'DatabaseForcesTls',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'DATA-6: the database parameter group does not force TLS (rds.force_ssl = 1).',
  explanation: 'Connections carrying personal data must be encrypted in transit.',
  check,
};
