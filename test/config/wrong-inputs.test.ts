import { ConfigProblem } from '../../lib/config/validate';
import { loadFile, problemsOf } from './support';

// Inputs that validated before and failed at deploy time (or were blamed on a field the user
// never set). Each goes through loadConfig from a file, as `cdk synth -c config=file.json` does.
const ARN = (region: string, account: string) => `arn:aws:acm:${region}:${account}:certificate/11111111-2222-3333-4444-555555555555`;

function only(problems: ConfigProblem[], field: string): ConfigProblem {
  const matching = problems.filter((p) => p.field === field);
  expect(matching).toHaveLength(1);
  return matching[0];
}

describe('time zones are checked against the time-zone database', () => {
  test.each([
    ['app.recycleTimeZone', { app: { recycleTimeZone: 'Mars/Base' } }, 'Mars/Base', /IANA time zone.*not in the time-zone database/],
    ['app.recycleTimeZone', { app: { recycleTimeZone: 'Asia/Tokio' } }, 'Asia/Tokio', /did you mean "Asia\/Tokyo"/],
    ['app.recycleTimeZone', { app: { recycleTimeZone: 'asia/tokyo' } }, 'asia/tokyo', /spelt "Asia\/Tokyo"/],
    ['timeZone', { timeZone: 'Mars/Base' }, 'Mars/Base', /IANA time zone/],
    ['timeZone', { timeZone: '+09:00' }, '+09:00', /IANA time zone/],
  ])('%s = %j is refused with the field and the value', (field, file, value, allowed) => {
    const problem = only(problemsOf({ file }), field);
    expect(problem.value).toBe(value);
    expect(problem.allowed).toMatch(allowed);
  });

  test.each(['Asia/Tokyo', 'Europe/Berlin', 'UTC', 'America/Argentina/Buenos_Aires'])('%s is accepted', (zone) => {
    expect(loadFile({ app: { recycleTimeZone: zone } }).app.recycleTimeZone).toBe(zone);
  });
});

describe('app.recycleSchedule is checked field by field (EventBridge Scheduler)', () => {
  test.each([
    ['cron(0 25 * * ? *)', /hours field "25" has 25, outside 0-23/],
    ['cron(60 4 * * ? *)', /minutes field "60" has 60, outside 0-59/],
    ['cron(0 4 32 * ? *)', /day-of-month field "32" has 32, outside 1-31/],
    ['cron(0 4 0 * ? *)', /day-of-month field "0" has 0, outside 1-31/],
    ['cron(0 4 * 13 ? *)', /month field "13" has 13, outside 1-12/],
    ['cron(0 4 * JANUARY ? *)', /month field "JANUARY" has "JANUARY"/],
    ['cron(0 4 ? * 8 *)', /day-of-week field "8" has 8, outside 1-7/],
    ['cron(0 4 ? * 0 *)', /day-of-week field "0" has 0, outside 1-7/],
    ['cron(0 4 * * ? 1969)', /year field "1969" has 1969, outside 1970-2199/],
    ['cron(0 4 * * MON *)', /exactly one of day-of-month \("\*"\) and day-of-week \("MON"\) must be "\?"/],
    ['cron(0 4 ? * ? *)', /exactly one of day-of-month/],
    ['cron(0 ? * * ? *)', /hours field "\?" uses "\?", which only the day fields take/],
    ['cron(0 4 * * ?)', /6 fields, this one 5/],
    ['cron(0/0 4 * * ? *)', /increment "0"/],
    ['rate(1 days)', /singular unit/],
    ['rate(2 day)', /plural/],
    ['rate(30 minutes)', /hours or days/],
    ['every day at 4', /EventBridge Scheduler expression/],
  ])('%s is refused, saying which part is wrong', (expression, allowed) => {
    const problem = only(problemsOf({ file: { app: { recycleSchedule: expression } } }), 'app.recycleSchedule');
    expect(problem.value).toBe(expression);
    expect(problem.allowed).toMatch(allowed);
  });

  test.each([
    'cron(0 4 * * ? *)',
    'cron(0 4 ? * MON-FRI *)',
    'cron(30 2 L * ? *)',
    'cron(0 3 15W * ? *)',
    'cron(0 3 ? * 2#1 *)',
    'cron(0 3 ? * 6L *)',
    'cron(0/15 1-3 * JAN,JUL ? 2027)',
    'cron(0 */6 * * ? *)',
    'rate(1 day)',
    'rate(12 hours)',
  ])('%s is accepted', (expression) => {
    expect(loadFile({ app: { recycleSchedule: expression } }).app.recycleSchedule).toBe(expression);
  });
});

describe("a certificate ARN must be in the stacks' region and account", () => {
  test('another region: refused, naming primaryRegion', () => {
    const arn = ARN('us-east-1', '111111111111');
    const problem = only(problemsOf({ file: { account: '111111111111', edge: { certificate: { certificateArn: arn } } } }), 'edge.certificate.certificateArn');
    expect(problem.value).toBe(arn);
    expect(problem.allowed).toMatch(/in primaryRegion \("ap-northeast-1"\).*this one is in "us-east-1"/);
  });

  test('another account: refused, naming account', () => {
    const arn = ARN('ap-northeast-1', '222222222222');
    const problem = only(problemsOf({ file: { account: '111111111111', edge: { certificate: { certificateArn: arn } } } }), 'edge.certificate.certificateArn');
    expect(problem.allowed).toMatch(/of account \("111111111111"\).*belongs to "222222222222"/);
  });

  test("the same region and account: accepted; a new primaryRegion needs the certificate of that region", () => {
    expect(loadFile({ account: '111111111111', edge: { certificate: { certificateArn: ARN('ap-northeast-1', '111111111111') } } }).edge.certificate.certificateArn).toBe(
      ARN('ap-northeast-1', '111111111111'),
    );
    const problems = problemsOf({ file: { account: '111111111111', primaryRegion: 'eu-central-1', drRegion: 'eu-west-1', timeZone: 'Europe/Berlin', data: { backupWindowUtc: '00:00-01:00' }, edge: { certificate: { certificateArn: ARN('ap-northeast-1', '111111111111') } } } });
    expect(problems.map((p) => p.field)).toEqual(['edge.certificate.certificateArn']);
  });
});

describe('a problem between two fields is reported on the field the user set', () => {
  test('minCount > maxCount names app.minCount and app.maxCount, not the default desiredCount', () => {
    const problems = problemsOf({ file: { app: { minCount: 8, maxCount: 4 } } });
    expect(problems.map((p) => p.field)).toEqual(['app.minCount']);
    expect(problems[0].value).toBe(8);
    expect(problems[0].allowed).toBe('at most app.maxCount (4)');
  });

  test('a floor above the default desiredCount is the floor’s problem, naming the default', () => {
    const problems = problemsOf({ file: { app: { minCount: 8, maxCount: 10 } } });
    expect(problems.map((p) => p.field)).toEqual(['app.minCount']);
    expect(problems[0].allowed).toMatch(/at most app\.desiredCount \(3, the default\): set app\.desiredCount too/);
  });

  test('a ceiling under the default desiredCount is the ceiling’s problem', () => {
    const problems = problemsOf({ file: { app: { maxCount: 2 } } });
    expect(problems.map((p) => p.field)).toEqual(['app.maxCount']);
    expect(problems[0].allowed).toMatch(/at least app\.desiredCount \(3, the default\)/);
  });

  test('a desiredCount the user set under the default floor is the desiredCount’s problem', () => {
    expect(problemsOf({ file: { app: { desiredCount: 2, minCount: 3 } } }).map((p) => p.field)).toEqual(['app.desiredCount']);
  });

  test('a primaryRegion equal to the default drRegion is reported on primaryRegion', () => {
    const problems = problemsOf({ file: { primaryRegion: 'ap-northeast-3' } });
    const problem = only(problems, 'primaryRegion');
    expect(problem.allowed).toMatch(/drRegion \("ap-northeast-3", the default\)/);
    expect(problems.map((p) => p.field)).not.toContain('drRegion');
  });

  test('a VPC CIDR overlapping the default DR VPC is reported on network.vpcCidr', () => {
    const problem = only(problemsOf({ file: { network: { vpcCidr: '10.21.0.0/16' } } }), 'network.vpcCidr');
    expect(problem.allowed).toMatch(/network\.drVpcCidr \("10\.21\.0\.0\/16", the default\)/);
  });

  test('a timeZone whose night misses the default backup window is reported on timeZone, with a window that fits', () => {
    const problems = problemsOf({ file: { timeZone: 'Europe/Berlin' } });
    expect(problems.map((p) => p.field)).toEqual(['timeZone']);
    expect(problems[0].allowed).toMatch(/data\.backupWindowUtc \("17:00-18:00", the default\).*18:00-19:00 \/ 19:00-20:00 Europe\/Berlin.*for example "01:00-02:00"/);
    expect(loadFile({ timeZone: 'Europe/Berlin', data: { backupWindowUtc: '01:00-02:00' } }).timeZone).toBe('Europe/Berlin');
  });

  test('a backup window the user set outside the night is the window’s problem, naming timeZone', () => {
    const problem = only(problemsOf({ file: { data: { backupWindowUtc: '03:00-04:00' } } }), 'data.backupWindowUtc');
    expect(problem.allowed).toMatch(/12:00-13:00 Asia\/Tokyo.*the night of timeZone \("Asia\/Tokyo", the default\)/);
  });

  test('a European night is accepted with its time zone', () => {
    const config = loadFile({ timeZone: 'Europe/Berlin', data: { backupWindowUtc: '00:00-01:00' } });
    expect(config.data.backupWindowUtc).toBe('00:00-01:00');
  });
});

test('every wrong input of one file is reported together, once each', () => {
  const problems = problemsOf({
    file: {
      timeZone: 'Asia/Tokio',
      account: '111111111111',
      app: { recycleTimeZone: 'Mars/Base', recycleSchedule: 'cron(0 25 * * ? *)', minCount: 8, maxCount: 4 },
      edge: { certificate: { certificateArn: ARN('us-east-1', '111111111111') } },
    },
  });
  expect(problems.map((p) => p.field).sort()).toEqual(['app.minCount', 'app.recycleSchedule', 'app.recycleTimeZone', 'edge.certificate.certificateArn', 'timeZone']);
});
