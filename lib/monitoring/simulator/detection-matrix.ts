/**
 * Runs every scenario against the synthesized alarms and judges the result (MON-1, MON-2):
 * healthy worlds page nobody; each failure is caught by the alarms it expects within their
 * class bound (critical 180 s, failure 300 s) and never later than the alarm table's honest
 * bound; where customers are affected, service-down fires within 180 s. `npm run synth` writes
 * the matrix to cdk.out/detection-matrix.md. Pure.
 */
import { ALARM_EVALUATION, eventSourceOf } from '../metric-sources';
import { CLASS_LIMIT_SECONDS, DetectionClass } from '../detection-bound';
import { simulate } from './engine';
import { SCENARIOS, SCENARIO_MINUTES, Scenario, resourceMatches, worldOf } from './scenarios';
import { SimAlarms, readAlarms } from './template-alarms';

/** Seconds into each minute at which alarms are evaluated; the slowest detection counts. */
export const EVALUATION_PHASES = [1, 30, 59] as const;

export interface Detection {
  /** The expectation as written in the scenario (alarm name suffix or `event:<route>`). */
  readonly expected: string;
  /** The alarm or route found for it. */
  readonly name?: string;
  readonly detectionClass?: DetectionClass;
  /** The alarm table's honest bound (an event route: its delivery delay). */
  readonly boundSeconds?: number;
  /** Its bound on silence, for an alarm that treats missing data as breaching. */
  readonly silenceBoundSeconds?: number;
  /** Slowest time to detect over the evaluation phases; undefined when it did not fire in every phase. */
  readonly seconds?: number;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly detections: Detection[];
  /** Every alarm or route that fired in any phase, with its slowest time (from the fault, else from the start). */
  readonly fired: Record<string, number>;
  /** What broke an expectation; empty when the scenario passes. */
  readonly problems: string[];
}

/** Simulates `scenarios` over the alarms of `templates`. */
export function runScenarios(templates: any[], scenarios: readonly Scenario[] = SCENARIOS): ScenarioResult[] {
  const alarms = readAlarms(templates);
  return scenarios.map((scenario) => runScenario(alarms, scenario));
}

export function runScenario(alarms: SimAlarms, scenario: Scenario): ScenarioResult {
  const start = (scenario.faultMinute ?? 0) * 60;
  const runs = EVALUATION_PHASES.map((phaseSeconds) =>
    simulate({ alarms, world: worldOf(scenario), events: scenario.events, minutes: SCENARIO_MINUTES, phaseSeconds, resourceMatches }).firstAlarm,
  );
  const names = nameIndex(alarms);
  const fired: Record<string, number> = {};
  for (const run of runs) {
    for (const [id, at] of Object.entries(run)) {
      const name = names.get(id)!.name;
      fired[name] = Math.max(fired[name] ?? 0, at - start);
    }
  }
  const problems: string[] = [];
  if (scenario.faultMinute === undefined && Object.keys(fired).length > 0) {
    problems.push(`healthy, yet fired: ${Object.keys(fired).join(', ')}`);
  }
  const detections = scenario.expect.map((expected) => {
    const entry = [...names.entries()].find(([, n]) => designates(expected, n.name, n.route));
    if (!entry) {
      problems.push(`expects ${expected}, which is not an alarm or event route of the templates`);
      return { expected };
    }
    const [id, info] = entry;
    const times = runs.map((run) => run[id]);
    const seconds = times.every((t) => t !== undefined) ? Math.max(...times.map((t) => t! - start)) : undefined;
    const limit = CLASS_LIMIT_SECONDS[info.detectionClass];
    if (seconds === undefined) problems.push(`${info.name} did not fire`);
    else if (seconds < 0) problems.push(`${info.name} fired ${-seconds} s before the fault`);
    else if (limit !== undefined && seconds > limit) problems.push(`${info.name} fired after ${seconds} s, more than its ${info.detectionClass} bound of ${limit} s`);
    else if (info.boundSeconds !== undefined && seconds > Math.max(info.boundSeconds, info.silenceBoundSeconds ?? 0)) {
      problems.push(`${info.name} fired after ${seconds} s, later than the alarm table's honest bound of ${info.boundSeconds} s`);
    }
    return { expected, name: info.name, detectionClass: info.detectionClass, boundSeconds: info.boundSeconds, silenceBoundSeconds: info.silenceBoundSeconds, seconds };
  });
  if (scenario.customersAffected) {
    const down = detections.find((d) => d.expected === 'service-down');
    if (!down) problems.push('customers are affected but the scenario does not expect service-down');
    else if (down.seconds !== undefined && down.seconds > (CLASS_LIMIT_SECONDS.critical ?? 0)) problems.push(`service-down after ${down.seconds} s`);
  }
  for (const quiet of scenario.mustNotFire ?? []) {
    const hit = Object.keys(fired).find((name) => designates(quiet, name, false));
    if (hit) problems.push(`${hit} fired although customers were not affected`);
  }
  return { scenario, detections, fired, problems };
}

function designates(expected: string, name: string, route: boolean): boolean {
  if (expected.startsWith('event:')) return route && name.includes(expected.slice('event:'.length));
  // Alarm names are `<project>-<suffix>`.
  return !route && (name === expected || name.slice(name.indexOf('-') + 1) === expected);
}

interface IndexEntry {
  readonly name: string;
  readonly route: boolean;
  readonly detectionClass: DetectionClass;
  readonly boundSeconds?: number;
  /** A breaching-on-silence alarm may take this long when the failure is a metric stopping. */
  readonly silenceBoundSeconds?: number;
}

function nameIndex(alarms: SimAlarms): Map<string, IndexEntry> {
  const index = new Map<string, IndexEntry>();
  for (const a of alarms.metricAlarms) {
    index.set(a.logicalId, { name: a.name, route: false, detectionClass: a.detectionClass, boundSeconds: a.time.boundSeconds, silenceBoundSeconds: a.time.silenceBoundSeconds });
  }
  for (const c of alarms.composites) {
    const children = [...c.rule.matchAll(/\("([^"]+)"\)/g)].map((m) => index.get(m[1]));
    const bound = Math.max(...children.map((e) => e?.boundSeconds ?? Infinity));
    const silence = Math.max(0, ...children.map((e) => e?.silenceBoundSeconds ?? 0));
    index.set(c.logicalId, { name: c.name, route: false, detectionClass: c.detectionClass, boundSeconds: bound, silenceBoundSeconds: silence > bound ? silence : undefined });
  }
  for (const r of alarms.eventRoutes) {
    const source = String([r.pattern.source].flat()[0]);
    index.set(r.logicalId, { name: r.logicalId, route: true, detectionClass: r.detectionClass, boundSeconds: eventSourceOf(source).deliveryDelaySeconds });
  }
  return index;
}

/** The scenario × alarm matrix as Markdown. */
export function detectionMatrixMarkdown(results: ScenarioResult[]): string {
  const header = ['Scenario', 'Alarm or event route', 'Class (limit)', 'Honest bound', 'Simulated time to detect', 'Verdict'];
  const rows: string[][] = [];
  for (const r of results) {
    const verdict = r.problems.length === 0 ? 'pass' : `**FAIL**: ${r.problems.join('; ')}`;
    if (r.detections.length === 0) {
      const fired = Object.entries(r.fired).map(([n, s]) => `${n} (${s} s)`);
      rows.push([r.scenario.title, fired.length === 0 ? 'no alarm fires' : fired.join(', '), '—', '—', '—', verdict]);
      continue;
    }
    r.detections.forEach((d, i) => {
      const limit = d.detectionClass ? CLASS_LIMIT_SECONDS[d.detectionClass] : undefined;
      rows.push([
        i === 0 ? r.scenario.title : '',
        d.name ?? d.expected,
        d.detectionClass ? `${d.detectionClass} (${limit === undefined ? 'not bound' : `≤ ${limit} s`})` : '?',
        d.boundSeconds === undefined ? '—' : `${d.boundSeconds} s${d.silenceBoundSeconds === undefined ? '' : ` (silence ${d.silenceBoundSeconds} s)`}`,
        d.seconds === undefined ? 'did not fire' : `${d.seconds} s`,
        i === 0 ? verdict : '',
      ]);
    });
    const others = Object.entries(r.fired).filter(([n]) => !r.detections.some((d) => d.name === n));
    if (others.length > 0) rows.push(['', `also fired: ${others.map(([n, s]) => `${n} (${s} s)`).join(', ')}`, '', '', '', '']);
  }
  const table = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
  return [
    '# Detection matrix',
    '',
    `Each scenario runs ${SCENARIO_MINUTES} simulated minutes (the fault at minute 30) against the synthesized alarms, with alarms evaluated every ${ALARM_EVALUATION.cadenceSeconds} s at ${EVALUATION_PHASES.join(', ')} s into the minute; the slowest detection is shown, counted from the fault. Model and sources: lib/monitoring/simulator/engine.ts, lib/monitoring/metric-sources.ts.`,
    '',
    table,
    '',
  ].join('\n');
}
