import { runScenario } from '../../../lib/monitoring/simulator/detection-matrix';
import { MetricWorld, evaluateRule, patternMatches, simulate } from '../../../lib/monitoring/simulator/engine';
import { compileExpression } from '../../../lib/monitoring/simulator/metric-math';
import { HEALTHY_BUSY, Scenario } from '../../../lib/monitoring/simulator/scenarios';
import { readAlarms } from '../../../lib/monitoring/simulator/template-alarms';

// The simulator's CloudWatch semantics on hand-written templates, including the mistuned alarms
// this issue started from: each is shown to miss what the tuned one meets.

function alarm(name: string, p: Record<string, unknown>): Record<string, unknown> {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { AlarmName: name, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1, TreatMissingData: 'notBreaching', ...p },
  };
}

const single = (namespace: string, metricName: string, stat = 'Sum') => ({ Namespace: namespace, MetricName: metricName, Statistic: stat, Period: 60 });

/** One alarm simulated over `world` (fault at minute 30): seconds from the fault to ALARM, the slowest of three phases. */
function timeToAlarm(template: any, world: MetricWorld): number | undefined {
  const alarms = readAlarms([template]);
  const times = [1, 30, 59].map((phaseSeconds) => {
    const first = simulate({ alarms, world, events: [], minutes: 60, phaseSeconds }).firstAlarm;
    return Object.values(first)[0];
  });
  return times.every((t) => t !== undefined) ? Math.max(...times.map((t) => t! - 1800)) : undefined;
}

describe('FILL and the newest, unpublished minute (metric-math page)', () => {
  const recycle = (evaluationPeriods: number) => ({
    Resources: {
      R: alarm('x-recycle-failed', {
        Metrics: [
          { Id: 'e', Expression: 'FILL(errors, 0) + FILL(dropped, 0)', ReturnData: true },
          { Id: 'errors', MetricStat: { Metric: { Namespace: 'AWS/Scheduler', MetricName: 'TargetErrorCount' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
          { Id: 'dropped', MetricStat: { Metric: { Namespace: 'AWS/Scheduler', MetricName: 'InvocationDroppedCount' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
        ],
        EvaluationPeriods: evaluationPeriods,
        DatapointsToAlarm: 1,
      }),
    },
  });
  const oneFailedRun: MetricWorld = (m, minute) => (m.metricName === 'TargetErrorCount' && minute === 30 ? 1 : undefined);

  test('mistuned: 1 of 1 never sees the failed run (it only ever judges the FILLed, unpublished minute)', () => {
    expect(timeToAlarm(recycle(1), oneFailedRun)).toBeUndefined();
  });

  test('tuned: 1 of 3 keeps the published minute in view and fires within 180 s', () => {
    expect(timeToAlarm(recycle(3), oneFailedRun)).toBe(179);
  });
});

describe('publication delay and the critical bound', () => {
  const healthy = (n: number, m: number) => ({
    Resources: { H: alarm('x-alb-no-healthy-targets', { ...single('AWS/ApplicationELB', 'HealthyHostCount', 'Minimum'), ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: n, DatapointsToAlarm: m, AlarmDescription: '[critical] none' }) },
  });
  const noneHealthy: MetricWorld = (_m, minute) => (minute >= 30 ? 0 : 3);
  const scenario: Scenario = {
    id: 'no-healthy-targets',
    title: 'no healthy target from minute 30',
    faultMinute: 30,
    state: (minute) => (minute >= 30 ? { ...HEALTHY_BUSY, healthyTargets: 0 } : HEALTHY_BUSY),
    events: [],
    expect: ['alb-no-healthy-targets'],
    customersAffected: false,
  };

  test('mistuned: 2 of 3 minutes ("120 s") takes 239 s, over the 180 s critical bound, and the matrix says so', () => {
    expect(timeToAlarm(healthy(3, 2), noneHealthy)).toBe(239);
    const problems = runScenario(readAlarms([healthy(3, 2)]), scenario).problems;
    expect(problems).toEqual(['x-alb-no-healthy-targets fired after 239 s, more than its critical bound of 180 s']);
    expect(runScenario(readAlarms([healthy(1, 1)]), scenario).problems).toEqual([]);
  });

  test('tuned: 1 of 1 fires within 180 s', () => {
    expect(timeToAlarm(healthy(1, 1), noneHealthy)).toBe(179);
  });
});

describe('missing data treated as breaching: the evaluation range (alarm-evaluation page)', () => {
  const silent = (n: number) => ({
    Resources: { S: alarm('x-silent', { ...single('AWS/NetworkFirewall', 'ReceivedPackets'), ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching', EvaluationPeriods: n, DatapointsToAlarm: n }) },
  });
  const stops: MetricWorld = (_m, minute) => (minute < 30 ? 100 : undefined);

  test('a healthy metric whose newest minutes are not yet published does not page', () => {
    expect(timeToAlarm(silent(1), () => 100)).toBeUndefined();
  });

  test('silence fires only once fewer than N real datapoints remain in N + 2 periods: 1 of 1 in 239 s, 3 of 3 in 359 s', () => {
    expect(timeToAlarm(silent(1), stops)).toBe(239);
    expect(timeToAlarm(silent(3), stops)).toBe(359);
  });
});

describe('ReplicaLag on an idle primary (the alarm this issue removed)', () => {
  test('PostgreSQL replica lag grows without writes: a "lag > 60 s" alarm pages on a healthy night', () => {
    const lag = { Resources: { L: alarm('x-rds-replica-lag', { ...single('AWS/RDS', 'ReplicaLag', 'Maximum'), ComparisonOperator: 'GreaterThanThreshold', Threshold: 60, TreatMissingData: 'breaching', EvaluationPeriods: 3 }) } };
    // Seconds since the last replayed transaction; the last write was at minute 10.
    const idleNight: MetricWorld = (_m, minute) => Math.max(0, (minute - 10) * 60);
    const alarms = readAlarms([lag]);
    const first = simulate({ alarms, world: idleNight, events: [], minutes: 60, phaseSeconds: 30 }).firstAlarm;
    expect(Object.keys(first)).toEqual(['L']);
  });
});

describe('composites, metric math and event patterns', () => {
  test('a composite rule', () => {
    expect(evaluateRule('(ALARM("A") OR ALARM("B")) AND NOT OK("C")', { A: 'OK', B: 'ALARM', C: 'ALARM' })).toBe(true);
    expect(evaluateRule('ALARM("A") OR ALARM("B")', { A: 'OK', B: 'OK' })).toBe(false);
    expect(() => evaluateRule('ALARM("Z")', { A: 'OK' })).toThrow(/names "Z"/);
  });

  test('metric math: IF, FILL, arrays, and a missing operand', () => {
    expect(compileExpression('IF(desired > 3, 3, desired) - FILL(running, 0)')({ desired: 5, running: undefined })).toBe(3);
    expect(compileExpression('a + b')({ a: 1, b: undefined })).toBeUndefined();
    expect(compileExpression('SUM([a, b])')({ a: undefined, b: undefined })).toBeUndefined();
    expect(() => compileExpression('RATE(a)')({ a: 1 })).toThrow(/RATE is not modelled/);
  });

  test('an event pattern matches on source, detail type, detail arrays and resources', () => {
    const pattern = { source: ['aws.rds'], 'detail-type': ['RDS DB Instance Event'], resources: ['db-1'], detail: { EventCategories: ['failover', 'failure'] } };
    const event = { atSecond: 0, source: 'aws.rds', detailType: 'RDS DB Instance Event', detail: { EventCategories: ['failover'] }, resources: ['db-1'] };
    const exact = (a: string, b: string) => a === b;
    expect(patternMatches(pattern, event, exact)).toBe(true);
    expect(patternMatches(pattern, { ...event, detail: { EventCategories: ['backup'] } }, exact)).toBe(false);
    expect(patternMatches(pattern, { ...event, resources: ['db-2'] }, exact)).toBe(false);
  });
});
