import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, isObject, isPrimaryDbInstance, list, literalString, parseJsonValue, props, refersTo, stringList } from '../support';
import { firesWhenLow, watchedMetrics } from './failure-modes';
import { ALARM, dimensionDesignates } from './alarms';

/** A metric alarm that fires when the instance stops publishing (SampleCount low, missing data breaching). */
function metricPresenceAlarm(db: CfnResource): boolean {
  return appResources(db, ALARM).some(
    (alarm) =>
      props(alarm).TreatMissingData === 'breaching' &&
      firesWhenLow(alarm) &&
      watchedMetrics(alarm).some(
        (m) => m.namespace === 'AWS/RDS' && m.stat === 'SampleCount' && m.dimensions.some((d) => d.Name === 'DBInstanceIdentifier' && dimensionDesignates(alarm, d.Value, db)),
      ),
  );
}

/** Whether an event-pattern value (a list of ids, ARNs or references) designates the instance. */
function patternNames(rule: CfnResource, values: unknown, db: CfnResource): boolean {
  const id = literalString(props(db).DBInstanceIdentifier);
  return list(values).some((v) => refersTo(rule, v, db) || (id !== undefined && (literalString(v) === id || literalString(v)?.endsWith(`:db:${id}`))));
}

/** An enabled EventBridge rule on RDS instance events that covers the instance and has a target. */
function instanceEventRule(db: CfnResource): boolean {
  return appResources(db, 'AWS::Events::Rule').some((rule) => {
    const p = props(rule);
    if (p.State === 'DISABLED' || list(p.Targets).length === 0) return false;
    const pattern = parseJsonValue(p.EventPattern);
    if (!isObject(pattern) || !stringList(pattern.source).includes('aws.rds')) return false;
    if (pattern['detail-type'] !== undefined && !stringList(pattern['detail-type']).includes('RDS DB Instance Event')) return false;
    const sources = isObject(pattern.detail) ? pattern.detail.SourceIdentifier : undefined;
    const coversAll = sources === undefined && pattern.resources === undefined;
    return coversAll || patternNames(rule, sources, db) || patternNames(rule, pattern.resources, db);
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
export function DatabaseAlarmsWhenDown(node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(node)) return NagRuleCompliance.NOT_APPLICABLE;
  return metricPresenceAlarm(node) || instanceEventRule(node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
