import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { hasLivenessAlarm } from './failure-modes';
import { isPrimaryDbInstance } from '../data/databases';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * MON-2, failure mode "the database refuses connections": an instance that turns away every new
 * session (connection limit reached, a TLS certificate or `pg_hba` entry the clients no longer
 * accept, a password rotated under them) keeps publishing its RDS metrics and raises no RDS event,
 * so neither `DatabaseAlarmsWhenDown` nor a CPU or latency alarm notices; only a client that
 * connects does. Every primary database instance has an alarm on a connection probe's metric: a
 * metric outside the `AWS/` namespaces (published by the probe, not by RDS) whose
 * `DBInstanceIdentifier` dimension designates the instance, firing low, with missing data
 * breaching (a probe that stops running has stopped proving anything).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  // Published by a probe, not by RDS: a namespace outside `AWS/`.
  const probed = hasLivenessAlarm(scan, node, 'DBInstanceIdentifier', (m) => typeof m.namespace === 'string' && !m.namespace.startsWith('AWS/'));
  return probed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseConnectionsProbed: HardenedRule = {
  control: 'MON-2',
  name: 'DatabaseConnectionsProbed',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'MON-2: nothing fires when the primary database refuses connections (an alarm on a connection probe metric with DBInstanceIdentifier designating it, firing low, missing data breaching).',
  explanation: 'A database that turns away every session keeps its RDS metrics and raises no event; only a client that connects notices.',
  check,
};
