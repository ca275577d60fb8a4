import { alarmTable } from '../../../lib/reporting/alarm-table';
import { detectionMatrixMarkdown, runScenario, runScenarios } from '../../../lib/monitoring/simulator/detection-matrix';
import { HEALTHY_BUSY, SCENARIOS, Scenario } from '../../../lib/monitoring/simulator/scenarios';
import { readAlarms } from '../../../lib/monitoring/simulator/template-alarms';
import { allTemplates } from '../../support/assembly';

// MON-1, MON-2: the SYNTHESIZED alarms of the default app (both regions), evaluated like CloudWatch
// over scenario worlds (lib/monitoring/simulator). A healthy system pages nobody; every failure
// is caught within its class bound and never later than the alarm table claims.
let templates: any[];
let results: ReturnType<typeof runScenarios>;

beforeAll(() => {
  templates = allTemplates().map((t) => t.template);
  results = runScenarios(templates);
}, 300_000);

const result = (id: string) => results.find((r) => r.scenario.id === id)!;

describe('healthy worlds never page', () => {
  test.each(['healthy-idle', 'healthy-busy', 'healthy-night-maintenance'])('%s: no alarm, no event route fires', (id) => {
    expect(result(id).fired).toEqual({});
    expect(result(id).problems).toEqual([]);
  });
});

describe('every failure is caught within its bound', () => {
  const failures = SCENARIOS.filter((s) => s.faultMinute !== undefined).map((s) => s.id);

  test('the scenarios cover the failures MON-1 and MON-2 name', () => {
    expect(failures).toEqual(
      expect.arrayContaining([
        'all-tasks-stopped', 'all-tasks-stopped-empty-target-group', 'half-tasks-stopped', 'no-healthy-targets', '5xx-burst', 'latency-spike', 'database-down', 'database-refusing-connections', 'database-failover',
        'replica-broken', 'firewall-silent', 'waf-flood', 'blocker-failing', 'recycle-failing', 'canary-failing', 'backup-job-failing', 'dead-letters',
        // The alarms the Monitoring stack makes on the Files and Threat stacks' metrics (issue #21).
        'reconciler-failing', 'ip-set-full', 'received-files-failing',
      ]),
    );
  });

  test.each(failures)('%s', (id) => {
    const r = result(id);
    expect(r.problems).toEqual([]);
    for (const d of r.detections) {
      expect(d.seconds).toBeDefined();
      const limit = d.detectionClass === 'critical' ? 180 : 300;
      const claimed = Math.max(d.boundSeconds!, d.silenceBoundSeconds ?? 0);
      expect({ alarm: d.name, inTime: d.seconds! <= limit && d.seconds! <= claimed }).toEqual({ alarm: d.name, inTime: true });
    }
  });

  test('service-down within 180 s wherever customers are affected, and not when they are not', () => {
    for (const r of results.filter((x) => x.scenario.customersAffected)) {
      const down = r.detections.find((d) => d.expected === 'service-down');
      expect({ scenario: r.scenario.id, seconds: down?.seconds !== undefined && down.seconds <= 180 }).toEqual({ scenario: r.scenario.id, seconds: true });
    }
    expect(Object.keys(result('half-tasks-stopped').fired)).not.toContain('hardened-service-down');
  });

  test('a failing blocker is not a failing reconciler, nor the other way round', () => {
    expect(Object.keys(result('blocker-failing').fired)).not.toContain('hardened-blocker-reconciler-errors');
    expect(Object.keys(result('reconciler-failing').fired)).toEqual(['hardened-blocker-reconciler-errors']);
  });

  test('dead letters: the idle queues\' own alarms (trend) come after 15 minutes; the producers\' failure alarms within 300 s', () => {
    const fired = result('dead-letters').fired;
    for (const dlq of ['hardened-blocker-dead-letters', 'hardened-alarm-notifications-undelivered']) expect(fired[dlq]).toBeGreaterThan(900);
    for (const producer of ['hardened-eventbridge-deliveries-failed', 'hardened-alarm-notifications-delivery-failed', 'hardened-firewall-alert-copy-errors']) {
      expect(fired[producer]).toBeLessThanOrEqual(300);
    }
  });

  test('the simulated time never exceeds the alarm table\'s honest bound of the same alarm', () => {
    const table = new Map([...templates.flatMap((t) => alarmTable(t))].map((row) => [row.name, row]));
    for (const d of results.flatMap((r) => r.detections)) {
      const row = table.get(d.name!);
      if (row?.kind === 'metric') expect(d.seconds!).toBeLessThanOrEqual(Math.max(row.detectionBoundSeconds!, row.silenceBoundSeconds ?? 0));
    }
  });
});

describe('the matrix can fail', () => {
  test('a scenario expecting an alarm that does not fire, or a healthy world that pages, is reported', () => {
    const alarms = readAlarms(templates);
    const missed: Scenario = { ...SCENARIOS.find((s) => s.id === 'latency-spike')!, id: 'wrong', expect: ['waf-blocked-requests-spike'] };
    expect(runScenario(alarms, missed).problems).toEqual(['hardened-waf-blocked-requests-spike did not fire']);
    const noisy: Scenario = { id: 'noisy', title: 'a "healthy" world with one slow minute', state: (m) => (m === 30 ? { ...HEALTHY_BUSY, p99Seconds: 9 } : HEALTHY_BUSY), events: [], expect: [], customersAffected: false };
    // One slow minute stays below 3 of 4: quiet.
    expect(runScenario(alarms, noisy).problems).toEqual([]);
    const down: Scenario = { ...noisy, id: 'down', state: (m) => (m >= 30 ? { ...HEALTHY_BUSY, runningTasks: 0, healthyTargets: 0 } : HEALTHY_BUSY) };
    expect(runScenario(alarms, down).problems[0]).toMatch(/^healthy, yet fired: .*hardened-service-down/);
  });

  test('a database that refuses connections is seen by the probe alone; the probe alarm at 2 of 2 would miss its critical bound', () => {
    const refusing = result('database-refusing-connections');
    expect(refusing.detections.find((d) => d.expected === 'database-unreachable')!.seconds).toBeLessThanOrEqual(180);
    expect(Object.keys(refusing.fired).filter((n) => /rds-|^DatabaseEvents/.test(n))).toEqual([]);
    // The same templates with the probe alarm "calmed" to 2 of 2 minutes.
    const calmed = JSON.parse(JSON.stringify(templates));
    for (const t of calmed) {
      for (const r of Object.values<any>(t.Resources ?? {})) {
        if (r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === 'hardened-database-unreachable') Object.assign(r.Properties, { EvaluationPeriods: 2, DatapointsToAlarm: 2 });
      }
    }
    const scenario = SCENARIOS.find((s) => s.id === 'database-refusing-connections-at-night')!;
    expect(runScenario(readAlarms(calmed), scenario).problems).toContain('hardened-database-unreachable fired after 239 s, more than its critical bound of 180 s');
  });

  test('the Markdown matrix lists every scenario with its verdict', () => {
    const md = detectionMatrixMarkdown(results);
    for (const s of SCENARIOS) expect(md).toContain(s.title);
    expect(md).not.toContain('FAIL');
    expect(md).toMatch(/\| All tasks stopped \| hardened-ecs-tasks-below-desired \| critical \(≤ 180 s\) \| 180 s \| 1\d\d s \| pass \|/);
  });
});
