/**
 * The table of every alarm of a synthesized template (MON-1 evidence): what each watches, when it
 * fires, and how long a failure can go unnoticed, honestly: period × datapoints + the metric's
 * publication delay + the evaluation cadence (`detection-bound.ts`). EventBridge rules that tell
 * the alarm topic directly are rows too. Pure: reads template JSON only.
 */
import { CLASS_LIMIT_SECONDS, DetectionClass, detectionClassOf, detectionTimeOf, upstreamDelayOf } from '../monitoring/detection-bound';
import { eventSourceOf } from '../monitoring/metric-sources';
import { publishesToTopic, topicOutputs } from '../monitoring/topic-routes';

export interface AlarmRow {
  readonly logicalId: string;
  readonly name: string;
  readonly kind: 'metric' | 'composite' | 'event';
  /** The metric (namespace, name, statistic, literal dimensions) or the metric-math expression; for a composite, its children. */
  readonly watches: string;
  /** `<`, `>=`, …; `any child in ALARM` for a composite. */
  readonly comparison: string;
  readonly threshold?: number;
  readonly periodSeconds?: number;
  readonly datapointsToAlarm?: number;
  readonly evaluationPeriods?: number;
  readonly treatMissingData?: string;
  /**
   * The honest bound: period × datapoints-to-alarm + publication delay + evaluation cadence (a
   * composite: its slowest child; an event route: the source's delivery delay). Undefined when
   * not literal.
   */
  readonly detectionBoundSeconds?: number;
  /** Publication delay counted, seconds, and the sources it comes from. */
  readonly publicationDelaySeconds?: number;
  readonly sources?: string[];
  /** For missing data treated as breaching: when silence fires the alarm. */
  readonly silenceBoundSeconds?: number;
  /** critical (≤ 180 s), failure (≤ 300 s) or trend (not bound). */
  readonly detectionClass: DetectionClass;
  /** Marked critical in its description (must detect within 180 s). */
  readonly critical: boolean;
}

const COMPARISONS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside band',
  GreaterThanUpperThreshold: 'above band',
  LessThanLowerThreshold: 'below band',
};

/**
 * One row per `AWS::CloudWatch::Alarm` and `AWS::CloudWatch::CompositeAlarm`, and per rule that
 * publishes to an SNS topic; metric alarms first, each group by name. `assembly`: every template
 * of the app (this one included), so that a rule telling another stack's topic is a row too.
 */
export function alarmTable(template: any, assembly: readonly any[] = [template]): AlarmRow[] {
  const resources: Record<string, any> = template?.Resources ?? {};
  const outputs = topicOutputs(assembly);
  const metricRows = Object.entries(resources)
    .filter(([, r]) => r?.Type === 'AWS::CloudWatch::Alarm')
    .map(([id, r]) => metricAlarmRow(id, r.Properties ?? {}, resources))
    .sort(byName);
  const boundOf = new Map(metricRows.map((row) => [row.logicalId, row.detectionBoundSeconds]));
  const nameOf = new Map(metricRows.map((row) => [row.logicalId, row.name]));
  const compositeRows = Object.entries(resources)
    .filter(([, r]) => r?.Type === 'AWS::CloudWatch::CompositeAlarm')
    .map(([id, r]) => compositeRow(id, r.Properties ?? {}, resources, boundOf, nameOf))
    .sort(byName);
  const eventRows = Object.entries(resources)
    .filter(([, r]) => r?.Type === 'AWS::Events::Rule' && publishesToTopic(r.Properties, resources, outputs))
    .map(([id, r]) => eventRow(id, r.Properties ?? {}))
    .sort(byName);
  return [...metricRows, ...compositeRows, ...eventRows];
}

/**
 * The rows of every template of an app (several stacks, both regions), each rule telling a topic
 * of another stack included: metric alarms, then composites, then event routes, each by name.
 */
export function assemblyTable(templates: readonly any[]): AlarmRow[] {
  const rows = templates.flatMap((t) => alarmTable(t, templates));
  const kinds: AlarmRow['kind'][] = ['metric', 'composite', 'event'];
  return kinds.flatMap((kind) => rows.filter((r) => r.kind === kind).sort(byName));
}

/** `39 metric alarms, 1 composite alarm and 4 event routes`: the counts of `rows`, by kind. */
export function alarmCounts(rows: readonly AlarmRow[]): string {
  const count = (kind: AlarmRow['kind'], one: string, many: string) => {
    const n = rows.filter((r) => r.kind === kind).length;
    return `${n} ${n === 1 ? one : many}`;
  };
  return `${count('metric', 'metric alarm', 'metric alarms')}, ${count('composite', 'composite alarm', 'composite alarms')} and ${count('event', 'event route', 'event routes')}`;
}

/**
 * The rows as the README's shorter table (what fires, when, and how late at worst); the full
 * table, with what each watches and its publication delay, is `alarmTableMarkdown`.
 */
export function alarmSummaryMarkdown(rows: readonly AlarmRow[]): string {
  const header = ['Alarm (event route: what it tells)', 'Class (limit)', 'Fires when', 'Period', 'M of N', 'Honest bound', 'On silence'];
  const lines = rows.map((row) => [
    row.kind === 'event' ? `event route: ${row.watches.replace(/^EventBridge rule: /, '')}` : `${row.name}${row.critical ? ' **(critical)**' : ''}`,
    classCell(row),
    row.kind === 'metric' ? `${row.comparison} ${formatNumber(row.threshold)}` : row.comparison,
    row.periodSeconds === undefined ? '—' : `${row.periodSeconds} s`,
    row.datapointsToAlarm === undefined ? '—' : `${row.datapointsToAlarm} of ${row.evaluationPeriods ?? row.datapointsToAlarm}`,
    row.detectionBoundSeconds === undefined ? '?' : `${row.detectionBoundSeconds} s`,
    row.silenceBoundSeconds === undefined ? '—' : `${row.silenceBoundSeconds} s`,
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.map(escapeCell).join(' | ')} |`).join('\n');
}

function classCell(row: AlarmRow): string {
  const limit = CLASS_LIMIT_SECONDS[row.detectionClass];
  return `${row.detectionClass} (${limit === undefined ? 'not bound' : `≤ ${limit} s`})`;
}

/** The rows as a Markdown table. */
export function alarmTableMarkdown(rows: AlarmRow[]): string {
  const header = ['Alarm', 'Class (limit)', 'Watches', 'Fires when', 'Period', 'Datapoints (M of N)', 'Missing data', 'Publication delay', 'Honest bound', 'On silence'];
  const lines = rows.map((row) => [
    `${row.name}${row.critical ? ' **(critical)**' : ''}`,
    `${row.detectionClass} (${CLASS_LIMIT_SECONDS[row.detectionClass] === undefined ? 'not bound' : `≤ ${CLASS_LIMIT_SECONDS[row.detectionClass]} s`})`,
    row.watches,
    row.kind === 'metric' ? `${row.comparison} ${formatNumber(row.threshold)}` : row.comparison,
    row.periodSeconds === undefined ? '—' : `${row.periodSeconds} s`,
    row.datapointsToAlarm === undefined ? '—' : `${row.datapointsToAlarm} of ${row.evaluationPeriods ?? row.datapointsToAlarm}`,
    row.treatMissingData ?? '—',
    row.publicationDelaySeconds === undefined ? '—' : `${row.publicationDelaySeconds} s (${(row.sources ?? []).join(', ')})`,
    row.detectionBoundSeconds === undefined ? '?' : `${row.detectionBoundSeconds} s`,
    row.silenceBoundSeconds === undefined ? '—' : `${row.silenceBoundSeconds} s`,
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.map(escapeCell).join(' | ')} |`).join('\n');
}

function metricAlarmRow(logicalId: string, p: Record<string, any>, resources: Record<string, any>): AlarmRow {
  const math = Array.isArray(p.Metrics) ? p.Metrics : undefined;
  const period = typeof p.Period === 'number' ? p.Period : periodOfMath(math);
  const time = detectionTimeOf(p, upstreamDelayOf(p, resources));
  const cls = detectionClassOf(p.AlarmDescription);
  return {
    logicalId,
    name: literal(p.AlarmName) ?? logicalId,
    kind: 'metric',
    watches: math ? describeMath(math) : describeMetric(p),
    comparison: COMPARISONS[p.ComparisonOperator] ?? String(p.ComparisonOperator),
    threshold: typeof p.Threshold === 'number' ? p.Threshold : undefined,
    periodSeconds: period,
    datapointsToAlarm: numberOr(p.DatapointsToAlarm, p.EvaluationPeriods),
    evaluationPeriods: numberOr(p.EvaluationPeriods),
    treatMissingData: literal(p.TreatMissingData),
    detectionBoundSeconds: time?.boundSeconds,
    publicationDelaySeconds: time?.publicationDelaySeconds,
    sources: time?.sources,
    silenceBoundSeconds: time?.silenceBoundSeconds,
    detectionClass: cls,
    critical: cls === 'critical',
  };
}

function compositeRow(
  logicalId: string,
  p: Record<string, any>,
  resources: Record<string, any>,
  boundOf: Map<string, number | undefined>,
  nameOf: Map<string, string>,
): AlarmRow {
  const children = [...new Set(referencedLogicalIds(p.AlarmRule))].filter((id) => resources[id]?.Type?.startsWith('AWS::CloudWatch::'));
  const bounds = children.map((id) => boundOf.get(id));
  return {
    logicalId,
    name: literal(p.AlarmName) ?? logicalId,
    kind: 'composite',
    watches: children.map((id) => nameOf.get(id) ?? id).join(', '),
    comparison: 'any child in ALARM',
    // A composite is re-evaluated whenever a child changes state (ALARM_EVALUATION.compositeDoc).
    detectionBoundSeconds: bounds.length > 0 && bounds.every((b): b is number => b !== undefined) ? Math.max(...bounds) : undefined,
    detectionClass: detectionClassOf(p.AlarmDescription),
    critical: detectionClassOf(p.AlarmDescription) === 'critical',
  };
}

/** An EventBridge rule that publishes straight to an SNS topic: told as the event arrives. */
function eventRow(logicalId: string, p: Record<string, any>): AlarmRow {
  const pattern = p.EventPattern ?? {};
  const source = String([pattern.source].flat()[0]);
  const events = eventSourceOf(source);
  return {
    logicalId,
    name: literal(p.Name) ?? logicalId,
    kind: 'event',
    watches: `EventBridge rule: ${source} ${[pattern['detail-type']].flat().filter(Boolean).join(', ')}${literal(p.Description) ? ` — ${p.Description}` : ''}`,
    comparison: 'a matching event → alarm topic',
    detectionBoundSeconds: events.deliveryDelaySeconds,
    publicationDelaySeconds: events.deliveryDelaySeconds,
    sources: [`${events.name} events`],
    // The rule's description carries its class like an alarm's ([critical], [trend]).
    detectionClass: detectionClassOf(p.Description),
    critical: detectionClassOf(p.Description) === 'critical',
  };
}

function describeMetric(p: Record<string, any>): string {
  const stat = p.ExtendedStatistic ?? p.Statistic ?? '?';
  return `${p.Namespace} ${p.MetricName} (${stat})${describeDimensions(p.Dimensions)}`;
}

/** A `Metrics` array: an expression over metrics, or (when CDK adds a label) a single returned metric. */
function describeMath(entries: any[]): string {
  const describeStat = (m: any) => {
    const metric = m.MetricStat.Metric ?? {};
    return `${metric.Namespace} ${metric.MetricName} (${m.MetricStat.Stat})${describeDimensions(metric.Dimensions)}`;
  };
  const expression = entries.find((m) => typeof m?.Expression === 'string' && m.ReturnData !== false);
  if (!expression) {
    const returned = entries.find((m) => m?.MetricStat && m.ReturnData !== false) ?? entries.find((m) => m?.MetricStat);
    return returned ? describeStat(returned) : '?';
  }
  const inputs = entries.filter((m) => m?.MetricStat).map((m) => `${m.Id} = ${describeStat(m)}`);
  return `${expression.Expression} where ${inputs.join('; ')}`;
}

function describeDimensions(dimensions: unknown): string {
  if (!Array.isArray(dimensions) || dimensions.length === 0) return '';
  const parts = dimensions.map((d: any) => (typeof d?.Value === 'string' ? `${d.Name}=${d.Value}` : String(d?.Name)));
  return ` {${parts.join(', ')}}`;
}

function periodOfMath(entries: any[] | undefined): number | undefined {
  const periods = (entries ?? []).map((m) => m?.MetricStat?.Period ?? m?.Period).filter((x): x is number => typeof x === 'number');
  return periods.length > 0 ? Math.max(...periods) : undefined;
}

/** Logical ids referenced by Ref / Fn::GetAtt anywhere inside `value`. */
function referencedLogicalIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedLogicalIds);
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  if (typeof obj.Ref === 'string') return [obj.Ref];
  if (Array.isArray(obj['Fn::GetAtt']) && typeof obj['Fn::GetAtt'][0] === 'string') return [obj['Fn::GetAtt'][0]];
  return Object.values(obj).flatMap(referencedLogicalIds);
}

function literal(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

function numberOr(...xs: unknown[]): number | undefined {
  return xs.find((x): x is number => typeof x === 'number');
}

function byName(a: AlarmRow, b: AlarmRow): number {
  return a.name.localeCompare(b.name);
}

function formatNumber(x: number | undefined): string {
  if (x === undefined) return '?';
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
