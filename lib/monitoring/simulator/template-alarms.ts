/**
 * The alarms of synthesized templates in the form the simulator evaluates: metric alarms (one
 * metric or metric math), composite alarms (their rule parsed), and EventBridge rules that tell
 * an SNS topic directly. Pure: reads template JSON.
 */
import { DetectionClass, DetectionTime, detectionClassOf, detectionTimeOf, upstreamDelayOf } from '../detection-bound';
import { publishesToTopic, topicOutputs } from '../topic-routes';

/** A metric as the simulator's world sees it; dimension values of references are rendered to names (`renderValue`). */
export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly stat: string;
  readonly periodSeconds: number;
  readonly dimensions: Record<string, string>;
}

export interface SimMetricAlarm {
  readonly kind: 'metric';
  readonly logicalId: string;
  readonly name: string;
  readonly detectionClass: DetectionClass;
  readonly time: DetectionTime;
  /** Metric ids and their metrics; a single-metric alarm has one input, `m`. */
  readonly inputs: Record<string, MetricRef>;
  /** The expression of the returned value (`m` for a single metric). */
  readonly expression: string;
  readonly threshold: number;
  readonly comparison: string;
  readonly treatMissingData: string;
  readonly periodSeconds: number;
  readonly datapointsToAlarm: number;
  readonly evaluationPeriods: number;
}

export interface SimCompositeAlarm {
  readonly kind: 'composite';
  readonly logicalId: string;
  readonly name: string;
  readonly detectionClass: DetectionClass;
  /** The rule with child alarms written as their logical ids: `ALARM("Id") OR …`. */
  readonly rule: string;
}

export interface SimEventRoute {
  readonly kind: 'event';
  readonly logicalId: string;
  readonly name: string;
  readonly detectionClass: DetectionClass;
  readonly pattern: Record<string, unknown>;
}

export interface SimAlarms {
  readonly metricAlarms: SimMetricAlarm[];
  readonly composites: SimCompositeAlarm[];
  readonly eventRoutes: SimEventRoute[];
  /** Rules of every template by logical id (an `AWS/Events` metric's RuleName points at one). */
  readonly rules: Record<string, { pattern: Record<string, unknown> }>;
}

/**
 * A dimension value or pattern element as a string: a literal stays; a reference becomes the
 * logical id or export name it points at, so a world can recognise "the blocker's queue".
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if (typeof v.Ref === 'string') return v.Ref;
    if (Array.isArray(v['Fn::GetAtt'])) return String(v['Fn::GetAtt'][0]);
    if (v['Fn::ImportValue'] !== undefined) return renderValue(v['Fn::ImportValue']);
    // Another stack's resource, through the output CDK publishes for it: named like the resource
    // (`PublishOutputRef<LogicalId><hash>`, `PublishOutputFnGetAtt<LogicalId><Attribute><hash>`).
    if (typeof v['Fn::GetStackOutput']?.OutputName === 'string') return v['Fn::GetStackOutput'].OutputName.replace(/^PublishOutput(Ref|FnGetAtt)/, '');
    if (Array.isArray(v['Fn::Join'])) return (v['Fn::Join'][1] as unknown[]).map(renderValue).join(v['Fn::Join'][0]);
  }
  return JSON.stringify(value);
}

/** Reads every alarm and topic-notifying rule of `templates` (several stacks, several regions). */
export function readAlarms(templates: any[]): SimAlarms {
  const metricAlarms: SimMetricAlarm[] = [];
  const composites: SimCompositeAlarm[] = [];
  const eventRoutes: SimEventRoute[] = [];
  const rules: SimAlarms['rules'] = {};
  const outputs = topicOutputs(templates);
  for (const template of templates) {
    const resources: Record<string, any> = template?.Resources ?? {};
    for (const [id, r] of Object.entries(resources)) {
      const p = r?.Properties ?? {};
      if (r?.Type === 'AWS::Events::Rule' && p.EventPattern) {
        rules[id] = { pattern: p.EventPattern };
        if (publishesToTopic(p, resources, outputs)) eventRoutes.push({ kind: 'event', logicalId: id, name: id, detectionClass: detectionClassOf(p.Description), pattern: p.EventPattern });
      }
      if (r?.Type === 'AWS::CloudWatch::Alarm') metricAlarms.push(metricAlarm(id, p, resources));
      if (r?.Type === 'AWS::CloudWatch::CompositeAlarm') {
        composites.push({ kind: 'composite', logicalId: id, name: typeof p.AlarmName === 'string' ? p.AlarmName : id, detectionClass: detectionClassOf(p.AlarmDescription), rule: renderRule(p.AlarmRule) });
      }
    }
  }
  return { metricAlarms, composites, eventRoutes, rules };
}

function metricAlarm(id: string, p: Record<string, any>, resources: Record<string, any>): SimMetricAlarm {
  const name = typeof p.AlarmName === 'string' ? p.AlarmName : id;
  const time = detectionTimeOf(p, upstreamDelayOf(p, resources));
  if (!time) throw new Error(`Alarm ${name}: its period and datapoints are not literal numbers; the simulator cannot evaluate it.`);
  const inputs: Record<string, MetricRef> = {};
  let expression = 'm';
  if (Array.isArray(p.Metrics)) {
    for (const m of p.Metrics) {
      if (m.MetricStat) inputs[m.Id] = metricRef(m.MetricStat.Metric, m.MetricStat.Stat, m.MetricStat.Period);
    }
    const returned = p.Metrics.find((m: any) => m.ReturnData !== false) ?? p.Metrics[0];
    expression = typeof returned.Expression === 'string' ? returned.Expression : returned.Id;
  } else {
    inputs.m = metricRef(p, p.ExtendedStatistic ?? p.Statistic, p.Period);
  }
  return {
    kind: 'metric',
    logicalId: id,
    name,
    detectionClass: detectionClassOf(p.AlarmDescription),
    time,
    inputs,
    expression,
    threshold: p.Threshold,
    comparison: p.ComparisonOperator,
    treatMissingData: p.TreatMissingData ?? 'missing',
    periodSeconds: time.periodSeconds,
    datapointsToAlarm: time.datapointsToAlarm,
    evaluationPeriods: time.evaluationPeriods,
  };
}

function metricRef(metric: any, stat: string, period: number): MetricRef {
  const dimensions = Object.fromEntries((metric.Dimensions ?? []).map((d: any) => [d.Name, renderValue(d.Value)]));
  return { namespace: metric.Namespace, metricName: metric.MetricName, stat, periodSeconds: period, dimensions };
}

/** `{"Fn::Join": ["", ["ALARM(\"", {"Fn::GetAtt": ["Id", "Arn"]}, "\")"]]}` → `ALARM("Id")`. */
function renderRule(rule: unknown): string {
  return renderValue(rule);
}
