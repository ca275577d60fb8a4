import { CompositeAlarm, DescribeAlarmsCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { Check, CheckResult, fail, pass } from '../check';
import { VerifyContext } from './context';

const CHECK = 'alarms';

export interface AlarmState {
  readonly name: string;
  readonly state: string;
}

/**
 * Every alarm of the deployment is named `<projectName>-…` (lib/monitoring/alarm-factory.ts). On a
 * healthy system each is OK: ALARM is a fault, INSUFFICIENT_DATA a metric that does not arrive
 * (a component that never reported, or a wrong dimension), both worth a look after a deploy.
 */
export function evaluateAlarms(alarms: readonly AlarmState[], prefix: string, region: string): CheckResult {
  if (alarms.length === 0) return fail(CHECK, `no alarm named ${prefix}*`, 'Deploy the stacks (Monitoring last), or check projectName and the region.', region);
  const inAlarm = alarms.filter((a) => a.state === 'ALARM').map((a) => a.name);
  const noData = alarms.filter((a) => a.state === 'INSUFFICIENT_DATA').map((a) => a.name);
  if (inAlarm.length > 0 || noData.length > 0) {
    const parts = [inAlarm.length ? `ALARM: ${inAlarm.join(', ')}` : '', noData.length ? `INSUFFICIENT_DATA: ${noData.join(', ')}` : ''].filter(Boolean);
    return fail(
      CHECK,
      `${alarms.length - inAlarm.length - noData.length} of ${alarms.length} OK; ${parts.join('; ')}`,
      'Read each alarm\'s description (what it means, what to do first). Right after a deploy, wait 5 minutes for metrics to arrive and rerun.',
      region,
    );
  }
  return pass(CHECK, `${alarms.length} of ${alarms.length} OK`, region);
}

export const alarmsCheck: Check<VerifyContext> = {
  name: CHECK,
  async run({ config, clients, deployment }) {
    const prefix = `${config.projectName}-`;
    const results: CheckResult[] = [];
    for (const region of [config.primaryRegion, config.drRegion]) {
      const alarms: AlarmState[] = [];
      let token: string | undefined;
      do {
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
        const out = await clients.client('cloudwatch', region).send(
          new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: token }),
        );
        const all: (MetricAlarm | CompositeAlarm)[] = [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])];
        alarms.push(...all.map((a) => ({ name: a.AlarmName!, state: a.StateValue! })));
        token = out.NextToken;
      } while (token);
      // The DR region holds only the replica's alarms (the Dr stack): none there is expected only without it.
      if (region === config.drRegion && alarms.length === 0 && !(await deployment.deployed('Dr'))) continue;
      results.push(evaluateAlarms(alarms, prefix, region));
    }
    return results;
  },
};
