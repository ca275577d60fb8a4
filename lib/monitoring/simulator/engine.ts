/**
 * CloudWatch alarm evaluation, simulated over a scenario's metric streams and events. Pure.
 *
 * What is modelled, with its AWS source:
 * - A datapoint of the minute starting at t (a 60 s period) becomes readable at
 *   t + 60 s + the source's publication delay (`metric-sources.ts`); a longer period aggregates
 *   the minutes already readable.
 * - Alarms are evaluated once a minute (ALARM_EVALUATION.cadenceSeconds); the simulator runs
 *   every scenario at several phases of that minute and keeps the slowest detection.
 * - M out of N with missing data (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html,
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html):
 *   CloudWatch retrieves an evaluation range longer than N (N + 2 here); with at least N real
 *   datapoints in it, the N most recent real ones are judged and the treatment of missing data is
 *   not used; with fewer, all real ones are judged and the missing ones are filled per
 *   TreatMissingData (`ignore` keeps the state; `missing` with no data at all is INSUFFICIENT_DATA).
 * - Metric math per period (`metric-math.ts`): FILL fills a missing value, so an expression over
 *   FILL never has a gap, and a 1-of-1 alarm then only ever judges the newest, unpublished period.
 * - Composite alarms re-evaluate when a child changes
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html).
 * - EventBridge delivers an event to each matching rule after the source's delivery delay, and
 *   counts it in the rule's `AWS/Events MatchedEvents` metric
 *   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html).
 */
import { ALARM_EVALUATION, eventSourceOf, sourceOfNamespace } from '../metric-sources';
import { Values, compileExpression } from './metric-math';
import { MetricRef, SimAlarms, SimMetricAlarm } from './template-alarms';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** An AWS service event of a scenario. */
export interface ScenarioEvent {
  /** Seconds from the scenario start when the state change happens. */
  readonly atSecond: number;
  readonly source: string;
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
  /** What the event is about; matched against a rule's `resources` (rendered) by `resourceMatches`. */
  readonly resources?: string[];
}

/** What a scenario publishes: the value of a metric for the minute starting at `minute` × 60 s, or undefined (not published). */
export type MetricWorld = (metric: MetricRef, minute: number) => number | undefined;

export interface SimulationInput {
  readonly alarms: SimAlarms;
  readonly world: MetricWorld;
  readonly events: readonly ScenarioEvent[];
  /** Minutes simulated. */
  readonly minutes: number;
  /**
   * Minutes of history before the first evaluation: a real alarm has been evaluated for long
   * before, over published data. @default 10
   */
  readonly warmUpMinutes?: number;
  /** Second within each minute at which alarms are evaluated. */
  readonly phaseSeconds: number;
  /** Whether a rendered pattern resource designates a scenario resource. @default exact match */
  readonly resourceMatches?: (patternValue: string, eventResource: string) => boolean;
}

export interface SimulationResult {
  /** First second each alarm (logical id) entered ALARM; event routes: when the topic was told. */
  readonly firstAlarm: Record<string, number>;
  /** The final state of each alarm. */
  readonly finalState: Record<string, AlarmState>;
}

/** Runs the scenario and reports when each alarm first went into ALARM. */
export function simulate(input: SimulationInput): SimulationResult {
  const { alarms, events } = input;
  const matches = input.resourceMatches ?? ((a, b) => a === b);
  const delivered = events.map((e) => ({ event: e, at: e.atSecond + eventSourceOf(e.source).deliveryDelaySeconds }));
  const firstAlarm: Record<string, number> = {};
  for (const route of alarms.eventRoutes) {
    const hits = delivered.filter((d) => patternMatches(route.pattern, d.event, matches)).map((d) => d.at);
    if (hits.length > 0) firstAlarm[route.logicalId] = Math.min(...hits);
  }
  // The world, extended with what EventBridge itself publishes per rule.
  const world: MetricWorld = (metric, minute) => {
    if (metric.namespace === 'AWS/Events' && metric.metricName === 'MatchedEvents' && metric.dimensions.RuleName) {
      const rule = alarms.rules[metric.dimensions.RuleName];
      if (!rule) return undefined;
      const count = delivered.filter((d) => Math.floor(d.at / 60) === minute && patternMatches(rule.pattern, d.event, matches)).length;
      return count > 0 ? count : undefined;
    }
    return input.world(metric, minute);
  };
  const evaluators = alarms.metricAlarms.map((a) => ({ alarm: a, evaluate: alarmEvaluator(a, world) }));
  const state: Record<string, AlarmState> = Object.fromEntries([...alarms.metricAlarms, ...alarms.composites].map((a) => [a.logicalId, 'OK' as AlarmState]));
  for (let minute = input.warmUpMinutes ?? 10; minute < input.minutes; minute++) {
    const now = minute * 60 + input.phaseSeconds;
    for (const { alarm, evaluate } of evaluators) {
      const next = evaluate(now, state[alarm.logicalId]);
      if (next === 'ALARM' && state[alarm.logicalId] !== 'ALARM' && firstAlarm[alarm.logicalId] === undefined) firstAlarm[alarm.logicalId] = now;
      state[alarm.logicalId] = next;
    }
    for (const composite of alarms.composites) {
      const next: AlarmState = evaluateRule(composite.rule, state) ? 'ALARM' : 'OK';
      if (next === 'ALARM' && firstAlarm[composite.logicalId] === undefined) firstAlarm[composite.logicalId] = now;
      state[composite.logicalId] = next;
    }
  }
  return { firstAlarm, finalState: state };
}

/** The state an alarm evaluates to at `now` (seconds), given its current state. */
export function alarmEvaluator(alarm: SimMetricAlarm, world: MetricWorld): (now: number, current: AlarmState) => AlarmState {
  const expression = compileExpression(alarm.expression);
  const range = alarm.evaluationPeriods + ALARM_EVALUATION.evaluationRangeExtraPeriods;
  const periodMinutes = alarm.periodSeconds / 60;
  return (now, current) => {
    const end = Math.floor(now / 60);
    // Newest first: period k covers the minutes [end − (k+1)·p, end − k·p).
    const values: Array<number | undefined> = [];
    for (let k = 0; k < range; k++) {
      const inputs: Values = {};
      for (const [id, metric] of Object.entries(alarm.inputs)) inputs[id] = periodValue(metric, world, end - (k + 1) * periodMinutes, periodMinutes, now);
      values.push(expression(inputs));
    }
    const breaching = (v: number) => compare(alarm.comparison, v, alarm.threshold);
    const real = values.filter((v): v is number => v !== undefined);
    let judged: boolean[];
    if (real.length >= alarm.evaluationPeriods) {
      judged = real.slice(0, alarm.evaluationPeriods).map(breaching);
    } else {
      if (real.length === 0 && alarm.treatMissingData === 'ignore') return current;
      if (real.length === 0 && alarm.treatMissingData === 'missing') return 'INSUFFICIENT_DATA';
      const fill = alarm.treatMissingData === 'breaching';
      judged = [...real.map(breaching), ...Array(alarm.evaluationPeriods - real.length).fill(fill)];
    }
    return judged.filter(Boolean).length >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
  };
}

/** A metric's value over `minutes` minutes from `startMinute`, from the minutes readable at `now`. */
function periodValue(metric: MetricRef, world: MetricWorld, startMinute: number, minutes: number, now: number): number | undefined {
  const delay = sourceOfNamespace(metric.namespace).publicationDelaySeconds;
  const readable: number[] = [];
  for (let m = startMinute; m < startMinute + minutes; m++) {
    if (m < 0 || (m + 1) * 60 + delay > now) continue;
    const v = world(metric, m);
    if (v !== undefined) readable.push(v);
  }
  if (readable.length === 0) return undefined;
  switch (metric.stat) {
    case 'Sum':
    case 'SampleCount':
      return readable.reduce((a, b) => a + b, 0);
    case 'Minimum':
      return Math.min(...readable);
    case 'Average':
      return readable.reduce((a, b) => a + b, 0) / readable.length;
    default:
      // Maximum, and percentiles approximated by the worst minute.
      return Math.max(...readable);
  }
}

function compare(operator: string, v: number, threshold: number): boolean {
  switch (operator) {
    case 'GreaterThanOrEqualToThreshold': return v >= threshold;
    case 'GreaterThanThreshold': return v > threshold;
    case 'LessThanThreshold': return v < threshold;
    case 'LessThanOrEqualToThreshold': return v <= threshold;
  }
  throw new Error(`Comparison ${operator} is not modelled by the simulator.`);
}

/** Evaluates `ALARM("Id") OR (OK("Id2") AND NOT ALARM("Id3"))` against the states. */
export function evaluateRule(rule: string, state: Record<string, AlarmState>): boolean {
  const tokens = rule.match(/ALARM\("[^"]+"\)|OK\("[^"]+"\)|INSUFFICIENT_DATA\("[^"]+"\)|TRUE|FALSE|AND|OR|NOT|\(|\)/g) ?? [];
  let i = 0;
  const parseOr = (): boolean => {
    let v = parseAnd();
    while (tokens[i] === 'OR') {
      i++;
      const r = parseAnd();
      v = v || r;
    }
    return v;
  };
  const parseAnd = (): boolean => {
    let v = parseNot();
    while (tokens[i] === 'AND') {
      i++;
      const r = parseNot();
      v = v && r;
    }
    return v;
  };
  const parseNot = (): boolean => {
    if (tokens[i] === 'NOT') {
      i++;
      return !parseNot();
    }
    const t = tokens[i++];
    if (t === '(') {
      const v = parseOr();
      i++;
      return v;
    }
    if (t === 'TRUE') return true;
    if (t === 'FALSE') return false;
    const m = /^(ALARM|OK|INSUFFICIENT_DATA)\("([^"]+)"\)$/.exec(t ?? '');
    if (!m) throw new Error(`Composite rule "${rule}": cannot read "${t}".`);
    const child = m[2].split(':').pop()!;
    if (!(child in state)) throw new Error(`Composite rule "${rule}" names "${child}", which is not an alarm of the templates.`);
    return state[child] === m[1];
  };
  return parseOr();
}

/**
 * EventBridge pattern matching, the subset the app uses: every key of the pattern must match;
 * an array matches when the event's value (or any element of an event array) is one of it; an
 * object recurses into the event's field.
 */
export function patternMatches(pattern: Record<string, unknown>, event: ScenarioEvent, resourceMatches: (p: string, e: string) => boolean): boolean {
  const envelope: Record<string, unknown> = { source: event.source, 'detail-type': event.detailType, detail: event.detail, resources: event.resources ?? [] };
  return matchObject(pattern, envelope, resourceMatches, true);
}

function matchObject(pattern: Record<string, unknown>, value: Record<string, unknown>, resourceMatches: (p: string, e: string) => boolean, top: boolean): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = value?.[key];
    if (Array.isArray(expected)) {
      const actuals = Array.isArray(actual) ? actual : actual === undefined ? [] : [actual];
      if (top && key === 'resources') return expected.some((p) => actuals.some((a) => resourceMatches(renderPattern(p), String(a))));
      return expected.some((p) => actuals.some((a) => renderPattern(p) === String(a)));
    }
    if (expected && typeof expected === 'object') return matchObject(expected as Record<string, unknown>, actual as Record<string, unknown>, resourceMatches, false);
    return expected === actual;
  });
}

function renderPattern(p: unknown): string {
  if (typeof p === 'string') return p;
  if (p && typeof p === 'object') {
    const v = p as Record<string, any>;
    if (typeof v.Ref === 'string') return v.Ref;
    if (Array.isArray(v['Fn::GetAtt'])) return String(v['Fn::GetAtt'][0]);
    if (v['Fn::ImportValue'] !== undefined) return renderPattern(v['Fn::ImportValue']);
    if (Array.isArray(v['Fn::Join'])) return (v['Fn::Join'][1] as unknown[]).map(renderPattern).join(v['Fn::Join'][0]);
  }
  return JSON.stringify(p);
}
