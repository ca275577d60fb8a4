import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { designatedResources, isObject, isPrimaryDbInstance, literalString, props } from '../support';

/** Parameters that make the engine refuse unencrypted connections (PostgreSQL, MySQL/MariaDB). */
const TLS_PARAMETERS: Record<string, string[]> = {
  'rds.force_ssl': ['1'],
  require_secure_transport: ['1', 'on'],
};

/**
 * DATA-6: a primary database instance refuses unencrypted connections: its DB parameter group
 * (a resource of the app) sets `rds.force_ssl` = 1 (or `require_secure_transport` = ON).
 */
export function DatabaseForcesTls(node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const group = designatedResources(node, props(node).DBParameterGroupName, ['AWS::RDS::DBParameterGroup'], ['DBParameterGroupName'])[0];
  const parameters = group ? props(group).Parameters : undefined;
  if (!isObject(parameters)) return NagRuleCompliance.NON_COMPLIANT;
  const forced = Object.entries(TLS_PARAMETERS).some(([name, values]) => values.includes((literalString(parameters[name]) ?? '').toLowerCase()));
  return forced ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
