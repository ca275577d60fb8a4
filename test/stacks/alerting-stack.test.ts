import * as fs from 'fs';
import * as path from 'path';
import { publishesToTopic, topicOutputs } from '../../lib/monitoring/topic-routes';
import { ASSEMBLY_DIR, allTemplates, defaultAssembly, resourcesOfType } from '../support/assembly';

// Issue #21, style rule 12: the alarm topic sits below every stack that alarms or tells it, in a
// stack of its own deployed right after Audit (on the synthesized default app).
function dependencies(): Record<string, string[]> {
  defaultAssembly();
  const manifest = JSON.parse(fs.readFileSync(path.join(ASSEMBLY_DIR, 'manifest.json'), 'utf8'));
  return Object.fromEntries(
    Object.entries<any>(manifest.artifacts)
      .filter(([, a]) => a.type === 'aws:cloudformation:stack')
      .map(([id, a]) => [id, (a.dependencies ?? []).filter((d: string) => !d.endsWith('.assets'))]),
  );
}

test('the Alerting stack holds the primary topic, needs only Audit, and every stack that alarms or tells the topic depends on it', () => {
  const deps = dependencies();
  expect(deps['Hardened-Alerting']).toEqual(['Hardened-Audit']);
  const templates = allTemplates();
  const primary = templates.filter((t) => t.region === templates.find((x) => x.id === 'Hardened-Alerting')!.region);
  expect(primary.filter((t) => resourcesOfType(t.template, 'AWS::SNS::Topic').length > 0).map((t) => t.id)).toEqual(['Hardened-Alerting']);
  const outputs = topicOutputs(templates.map((t) => t.template));
  const users = primary
    .filter((t) => {
      const resources = t.template.Resources ?? {};
      const alarms = resourcesOfType(t.template, 'AWS::CloudWatch::Alarm').length + resourcesOfType(t.template, 'AWS::CloudWatch::CompositeAlarm').length;
      const routes = resourcesOfType(t.template, 'AWS::Events::Rule').filter(([, r]) => publishesToTopic(r.Properties, resources, outputs)).length;
      return alarms + routes > 0;
    })
    .map((t) => t.id);
  expect(users.sort()).toEqual(['Hardened-Files', 'Hardened-Monitoring']);
  for (const id of users) expect({ id, alerting: deps[id].includes('Hardened-Alerting') }).toEqual({ id, alerting: true });
});
