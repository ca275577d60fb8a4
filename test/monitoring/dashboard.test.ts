import { allTemplates, resourcesOfType } from '../support/assembly';

// MON-5, issue #21: the service dashboard shows the state of every alarm of the primary region —
// the Files and blocker alarms included — on the synthesized default app. The DR region's alarms
// live in that region with its own topic (an alarm's actions are regional) and are not on it.
const ALARM_TYPES = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'];

test('every alarm of the primary region is made in the Monitoring stack and shown on its dashboard', () => {
  const templates = allTemplates();
  const primaryRegion = templates.find((t) => t.id.endsWith('-Monitoring'))!.region;
  const alarms = templates
    .filter((t) => t.region === primaryRegion)
    .flatMap((t) => ALARM_TYPES.flatMap((type) => resourcesOfType(t.template, type)).map(([id, r]) => ({ stack: t.id, id, name: r.Properties.AlarmName })));
  expect(alarms.length).toBeGreaterThan(30);
  // Monitoring composes the alarms; the stacks below it expose metrics and dead-letter queues.
  expect(alarms.filter((a) => !a.stack.endsWith('-Monitoring'))).toEqual([]);

  const monitoring = templates.find((t) => t.id.endsWith('-Monitoring'))!.template;
  const [[, dashboard]] = resourcesOfType(monitoring, 'AWS::CloudWatch::Dashboard');
  // The body is a Fn::Join of JSON text and alarm ARNs ({"Fn::GetAtt": [id, "Arn"]}).
  const referenced = new Set(
    JSON.stringify(dashboard.Properties.DashboardBody)
      .match(/"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/g)!
      .map((m) => m.split('"')[3]),
  );
  expect(alarms.filter((a) => !referenced.has(a.id)).map((a) => a.name)).toEqual([]);
  for (const name of ['hardened-files-mover-errors', 'hardened-files-scan-dead-letters', 'hardened-blocker-set-full', 'hardened-blocker-reconciler-errors']) {
    expect(alarms.map((a) => a.name)).toContain(name);
  }
});
