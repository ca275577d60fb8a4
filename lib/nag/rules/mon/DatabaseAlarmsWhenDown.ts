import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { hasLivenessAlarm } from './failure-modes';
import { isObject, list, literalString, parseJsonValue, stringList } from '../../engine/values';
import { isPrimaryDbInstance } from '../data/databases';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** A metric alarm that fires when the instance stops publishing (SampleCount low, missing data breaching). */
function metricPresenceAlarm(scan: Scan, db: CfnResource): boolean {
  return hasLivenessAlarm(scan, db, 'DBInstanceIdentifier', (m) => m.namespace === 'AWS/RDS' && m.stat === 'SampleCount');
}

/** Whether an event-pattern value (a list of ids, ARNs or references) designates the instance. */
function patternNames(scan: Scan, rule: CfnResource, values: unknown, db: CfnResource): boolean {
  const id = literalString(scan.props(db).DBInstanceIdentifier);
  return list(values).some((v) => scan.refersTo(rule, v, db) || (id !== undefined && (literalString(v) === id || literalString(v)?.endsWith(`:db:${id}`))));
}

/** An enabled EventBridge rule on RDS instance events that covers the instance and has a target. */
function instanceEventRule(scan: Scan, db: CfnResource): boolean {
  return scan.resources('AWS::Events::Rule').some((rule) => {
    const p = scan.props(rule);
    if (p.State === 'DISABLED' || list(p.Targets).length === 0) return false;
    const pattern = parseJsonValue(p.EventPattern);
    if (!isObject(pattern) || !stringList(pattern.source).includes('aws.rds')) return false;
    if (pattern['detail-type'] !== undefined && !stringList(pattern['detail-type']).includes('RDS DB Instance Event')) return false;
    const sources = isObject(pattern.detail) ? pattern.detail.SourceIdentifier : undefined;
    const coversAll = sources === undefined && pattern.resources === undefined;
    return coversAll || patternNames(scan, rule, sources, db) || patternNames(scan, rule, pattern.resources, db);
  });
}

/**
 * MON-2, failure mode "database down": every primary database instance has a signal of its own
 * that fires when it stops: either an alarm on an `AWS/RDS` metric counted with `SampleCount`
 * (DBInstanceIdentifier designating it) that fires low and treats missing data as breaching (a
 * stopped instance publishes nothing), or an enabled EventBridge rule on `aws.rds` "RDS DB Instance
 * Event"s covering it, with a target. CPU, storage or latency alarms go quiet when it stops.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-cloud-watch-events.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  return metricPresenceAlarm(scan, node) || instanceEventRule(scan, node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseAlarmsWhenDown: HardenedRule = {
  control: 'MON-2',
  name: 'DatabaseAlarmsWhenDown',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'MON-2: nothing fires when the primary database goes down (an AWS/RDS SampleCount alarm with missing data breaching, or an RDS instance-event rule with a target).',
  explanation: 'A stopped database publishes no metric; only a heartbeat alarm or its events notice.',
  check,
};
