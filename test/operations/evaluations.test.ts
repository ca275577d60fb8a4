/** The pure parts of preflight and verify: each verdict on the smallest facts that pass and fail it. */
import { CheckResult, errorResult, exitCodeOf, fail, pass, warn } from '../../lib/operations/check';
import { UsageError, cliContext, parseOperationsArgs, pinnedAvailabilityZones } from '../../lib/operations/cli-config';
import { evaluateCertificate, nameCovers } from '../../lib/operations/preflight/certificate';
import { evaluateOrderable, versionMatches } from '../../lib/operations/preflight/database-orderable';
import { QUOTAS, evaluateQuota } from '../../lib/operations/preflight/quotas';
import { evaluateBootstrap } from '../../lib/operations/preflight/bootstrap';
import { formatTable } from '../../lib/operations/table';
import { evaluateJobs } from '../../lib/operations/verify/backups';
import { evaluateSiteProbe } from '../../lib/operations/verify/site-tls';
import { evaluateReplica } from '../../lib/operations/verify/replica';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { stackReservations } from '../../lib/operations/preflight/lambda-concurrency';

const R = 'ap-northeast-1';
const NOW = new Date('2026-12-06T06:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

describe('certificate names (ACM wildcard rules)', () => {
  test.each([
    ['app.example.com', 'app.example.com', true],
    ['APP.example.com', 'app.example.com.', true],
    ['*.example.com', 'app.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'app.example.org', false],
    ['example.com', 'app.example.com', false],
  ])('%s covers %s: %s', (name, host, covers) => expect(nameCovers(name, host)).toBe(covers));

  test('expiring soon is a WARN, expired-state and other regions FAIL', () => {
    const arn = `arn:aws:acm:${R}:111111111111:certificate/11111111-1111-1111-1111-111111111111`;
    expect(evaluateCertificate({ arn, status: 'ISSUED', names: ['*.example.com'], notAfter: new Date(NOW.getTime() + 10 * 86_400_000) }, 'app.example.com', R, NOW).verdict).toBe('WARN');
    expect(evaluateCertificate({ arn, status: 'EXPIRED', names: ['*.example.com'] }, 'app.example.com', R, NOW).verdict).toBe('FAIL');
    expect(evaluateCertificate({ arn, status: 'ISSUED', names: ['*.example.com'] }, 'app.example.com', 'eu-west-1', NOW).verdict).toBe('FAIL');
  });
});

describe('database version: a full minor pins, a major takes any of its minors', () => {
  const option = (EngineVersion: string, zones = ['a', 'c', 'd']) => ({
    EngineVersion,
    DBInstanceClass: 'db.m7g.large',
    MultiAZCapable: true,
    AvailabilityZones: zones.map((z) => ({ Name: `${R}${z}` })),
  });
  test('versionMatches', () => {
    expect(versionMatches('17.6', '17.6')).toBe(true);
    expect(versionMatches('17.6', '17.60')).toBe(false);
    expect(versionMatches('17', '17.9')).toBe(true);
    expect(versionMatches('17', '170.1')).toBe(false);
    expect(versionMatches('1', '17.6')).toBe(false);
  });
  test('"17" passes with the newest 17.x named; a zone without the class fails', () => {
    const input = { engineVersion: '17', instanceClass: 'db.m7g.large', zones: [`${R}a`, `${R}c`], multiAz: true };
    expect(evaluateOrderable([option('17.5'), option('17.10'), option('16.9')], input, R)).toMatchObject({ verdict: 'PASS', detail: expect.stringMatching(/newest 17\.10/) });
    expect(evaluateOrderable([option('17.10', ['a'])], input, R)).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/not offered in ap-northeast-1c/) });
    expect(evaluateOrderable([{ ...option('17.10'), MultiAZCapable: false }], input, R).verdict).toBe('FAIL');
    expect(evaluateOrderable([{ ...option('17.10'), MultiAZCapable: false }], { ...input, multiAz: false }, R).verdict).toBe('PASS');
  });
});

test('bootstrap: missing, too old, failed stack, current', () => {
  expect(evaluateBootstrap({}, '111111111111', R)).toMatchObject({ verdict: 'FAIL', fix: `cdk bootstrap aws://111111111111/${R}` });
  expect(evaluateBootstrap({ version: 5, stackStatus: 'CREATE_COMPLETE' }, '1', R).verdict).toBe('FAIL');
  expect(evaluateBootstrap({ version: 27, stackStatus: 'UPDATE_ROLLBACK_FAILED' }, '1', R).verdict).toBe('FAIL');
  expect(evaluateBootstrap({ version: 27, stackStatus: 'UPDATE_ROLLBACK_COMPLETE' }, '1', R).verdict).toBe('PASS');
});

test('quotas: at the limit passes, one over fails, an assumed default at the edge warns', () => {
  expect(evaluateQuota({ spec: QUOTAS.vpcs, quota: 5, inUse: 4, needed: 1 }, R).verdict).toBe('PASS');
  expect(evaluateQuota({ spec: QUOTAS.vpcs, quota: 5, inUse: 5, needed: 1 }, R).verdict).toBe('FAIL');
  expect(evaluateQuota({ spec: QUOTAS.firewalls, inUse: 4, needed: 1 }, R).verdict).toBe('WARN');
  expect(evaluateQuota({ spec: QUOTAS.firewalls, inUse: 4, needed: 0 }, R).verdict).toBe('PASS');
});

describe('verify verdicts', () => {
  test('backups: no job fails on an old deployment, warns on a young one; a running job after a completed one passes', () => {
    expect(evaluateJobs('backup', [], hoursAgo(100), NOW, R).verdict).toBe('FAIL');
    expect(evaluateJobs('backup', [], hoursAgo(2), NOW, R).verdict).toBe('WARN');
    expect(evaluateJobs('backup', [{ id: 'old', state: 'COMPLETED', created: hoursAgo(30) }], hoursAgo(100), NOW, R).verdict).toBe('FAIL');
    expect(evaluateJobs('backup', [{ id: 'a', state: 'COMPLETED', created: hoursAgo(20) }, { id: 'b', state: 'RUNNING', created: hoursAgo(1) }], undefined, NOW, R).verdict).toBe('PASS');
    expect(evaluateJobs('DR copy', [{ id: 'b', state: 'RUNNING', created: hoursAgo(1) }], undefined, NOW, R).verdict).toBe('WARN');
    expect(evaluateJobs('DR copy', [{ id: 'a', state: 'COMPLETED', created: hoursAgo(2) }, { id: 'b', state: 'ABORTED', created: hoursAgo(1) }], undefined, NOW, R).verdict).toBe('FAIL');
  });

  test('replica: replication error fails, lag only warns', () => {
    const base = { DBInstanceStatus: 'available', ReadReplicaSourceDBInstanceIdentifier: 'arn:aws:rds:x:1:db:p' };
    expect(evaluateReplica({ identifier: 'r', instance: { ...base, StatusInfos: [{ StatusType: 'read replication', Normal: false, Status: 'error', Message: 'WAL gap' }] }, lagSeconds: 1 }, R)).toMatchObject({ verdict: 'FAIL', detail: 'r: replication error (WAL gap)' });
    expect(evaluateReplica({ identifier: 'r', instance: { ...base, StatusInfos: [{ StatusType: 'read replication', Normal: true, Status: 'replicating' }] }, lagSeconds: 4000 }, R).verdict).toBe('WARN');
    expect(evaluateReplica({ identifier: 'r', instance: { ...base, StatusInfos: [{ StatusType: 'read replication', Normal: true, Status: 'replicating' }] }, lagSeconds: 2 }, R).verdict).toBe('PASS');
    expect(evaluateReplica({ identifier: 'r', instance: { ...base, DBInstanceStatus: 'storage-full' }, lagSeconds: 2 }, R).verdict).toBe('FAIL');
  });

  test('site: TLS 1.2 fails; a WAF 403 in pattern 3 warns; a redirect to sign-in passes', () => {
    expect(evaluateSiteProbe({ protocol: 'TLSv1.2', status: 200 }, 's', 0, false).verdict).toBe('FAIL');
    expect(evaluateSiteProbe({ protocol: 'TLSv1.3', status: 403 }, 's', 3, false).verdict).toBe('WARN');
    expect(evaluateSiteProbe({ protocol: 'TLSv1.3', status: 403 }, 's', 0, false).verdict).toBe('PASS');
    expect(evaluateSiteProbe({ protocol: 'TLSv1.3', status: 302 }, 's', 1, false).verdict).toBe('PASS');
  });
});

describe('flags and configuration, the way synth takes them', () => {
  test('-c, --context and --context=… pairs; --profile; client certificate files go together', () => {
    expect(parseOperationsArgs(['-c', 'config=prod.json', '--context', 'authPattern=2', '--context=hardened={"a":1}', '--profile', 'prod'])).toEqual({
      context: { config: 'prod.json', authPattern: '2', hardened: '{"a":1}' },
      profile: 'prod',
    });
    expect(() => parseOperationsArgs(['-c', 'novalue'])).toThrow(/expected key=value/);
    expect(() => parseOperationsArgs(['-c'])).toThrow(UsageError);
    expect(() => parseOperationsArgs(['--app', 'x'])).toThrow(/Unknown flag "--app"/);
    expect(() => parseOperationsArgs(['--client-cert', 'a.pem'])).toThrow(/go together/);
  });

  test("cdk.json's context, then cdk.context.json, then the flags; the pinned zones come from it", () => {
    const context = cliContext({ authPattern: '1' }, path.resolve(__dirname, '../..'));
    expect(context.authPattern).toBe('1');
    expect(pinnedAvailabilityZones(context, '123456789012', 'ap-northeast-1', 2)).toHaveLength(2);
    expect(pinnedAvailabilityZones(context, '999999999999', 'ap-northeast-1', 2)).toBeUndefined();
  });
});

describe('the table and the exit code', () => {
  const results: CheckResult[] = [pass('credentials', 'account 1'), warn('cloudtrail', 'duplicate', 'set false', R), fail('cdk bootstrap', 'none', 'cdk bootstrap aws://1/r', R)];
  test('one line per result, the fix below WARN and FAIL, the counts at the end', () => {
    const table = formatTable('title', results);
    expect(table.split('\n')).toEqual([
      'title',
      '',
      'VERDICT  CHECK          REGION          DETAIL',
      'PASS     credentials    -               account 1',
      'WARN     cloudtrail     ap-northeast-1  duplicate',
      '         fix: set false',
      'FAIL     cdk bootstrap  ap-northeast-1  none',
      '         fix: cdk bootstrap aws://1/r',
      '',
      '1 PASS, 1 WARN, 1 FAIL',
      '',
    ]);
  });
  test('exit 1 on any FAIL, 0 with WARNs only', () => {
    expect(exitCodeOf(results)).toBe(1);
    expect(exitCodeOf(results.slice(0, 2))).toBe(0);
  });
  test('a refused call is a FAIL naming the permission fix, on one line', () => {
    const e = Object.assign(new Error('User is not authorized\nmore'), { name: 'AccessDeniedException' });
    expect(errorResult('x', e)).toMatchObject({ verdict: 'FAIL', detail: 'AccessDeniedException: User is not authorized', fix: expect.stringMatching(/ReadOnlyAccess/) });
  });
});

describe('reserved concurrency, read defensively from the configuration', () => {
  const total = (extra: Record<string, unknown>) => stackReservations({ ...DEFAULT_CONFIG, ...extra } as never).reduce((sum, r) => sum + r.units, 0);
  test('today 16 units; false none; a number per function; an object per named function', () => {
    expect(total({})).toBe(16);
    expect(total({ lambdaReservedConcurrency: false })).toBe(0);
    expect(total({ lambdaReservedConcurrency: 2 })).toBe(12);
    expect(total({ lambdaReservedConcurrency: { filesRouting: false, blocker: 5 } })).toBe(10);
  });
});
