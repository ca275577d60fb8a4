/**
 * `npm run verify` against moto and a local TLS server: a healthy deployment passes every check,
 * a broken one fails each. Resources are found the way the command finds them in AWS: by type and
 * construct path in the stacks' resources (moto's CloudFormation creates the bucket, log group and
 * cluster with generated names). Moto lacks GuardDuty ListCoverage and Backup ListBackupJobs /
 * ListCopyJobs: those are stubbed at the client boundary.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { createServer as createTlsServer, Server as TlsServer, TLSSocket } from 'node:tls';
import { AddressInfo } from 'node:net';
import { BackupClient, ListBackupJobsCommand, ListCopyJobsCommand } from '@aws-sdk/client-backup';
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { PutLogEventsCommand, CreateLogStreamCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateDetectorCommand, GuardDutyClient, ListCoverageCommand } from '@aws-sdk/client-guardduty';
import { CreateDBInstanceCommand, CreateDBInstanceReadReplicaCommand } from '@aws-sdk/client-rds';
import { PutBucketVersioningCommand, PutObjectCommand, PutObjectLockConfigurationCommand } from '@aws-sdk/client-s3';
import type { HardenedConfig } from '../../lib/config/types';
import { CheckResult } from '../../lib/operations/check';
import { runCommand } from '../../lib/operations/command';
import { Deployment, RESOURCES, stackName } from '../../lib/operations/deployment';
import { VERIFY_CHECKS, VerifyContext } from '../../lib/operations/verify';
import { firewallLogPrefix } from '../../lib/operations/verify/firewall-logs';
import { siteTlsCheck } from '../../lib/operations/verify/site-tls';
import { useMotoServer } from '../support/aws-fixture';
import { Account, BAD, DR, GOOD, PRIMARY, Pem, TestCa, account, commandContext, configWith, registerAccount, stubOperation } from './fixture';

jest.setTimeout(180_000);
const moto = useMotoServer();

const SITE = 'www.shop.example.org';
let good: Account;
let bad: Account;
let ca: TestCa;
let siteCert: Pem;
const servers: TlsServer[] = [];

/** A local HTTPS server: `tls13` false offers TLS 1.2 only; `requireClientCert` is the ALB's mTLS verify mode. */
async function site(options: { status?: number; tls13?: boolean; cert?: Pem; requireClientCert?: boolean } = {}): Promise<number> {
  const cert = options.cert ?? siteCert;
  const server = createTlsServer(
    {
      cert: cert.cert,
      key: cert.key,
      minVersion: 'TLSv1.2',
      maxVersion: options.tls13 === false ? 'TLSv1.2' : 'TLSv1.3',
      ...(options.requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: ca.ca.cert } : {}),
    },
    (socket: TLSSocket) => {
      socket.once('data', () => socket.end(`HTTP/1.1 ${options.status ?? 200} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`));
      socket.on('error', () => undefined);
    },
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const probeAt = (port: number) => ({ host: '127.0.0.1', port, ca: ca.ca.cert, timeoutMs: 5000 });

async function stack(acct: Account, config: HardenedConfig, part: Parameters<typeof stackName>[1], resources: Record<string, unknown>, region = PRIMARY): Promise<void> {
  await acct.clients.client('cloudformation', region).send(new CreateStackCommand({ StackName: stackName(config, part), TemplateBody: JSON.stringify({ Resources: resources }) }));
}

interface Seed {
  readonly locked: boolean;
  readonly flow: boolean;
  readonly alertCopied: boolean;
  readonly alarmStates: Record<string, 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'>;
  readonly canaryPercents: number[];
  readonly replicaHasSource: boolean;
}

/** A deployment in `acct`: the stacks' resources verify reads, and the evidence a running system leaves. */
async function seed(acct: Account, config: HardenedConfig, s: Seed): Promise<void> {
  await stack(acct, config, 'Audit', { LogArchiveBucketABCD1234: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' } } }, AccessLogsBucket0A1B2C3D: { Type: 'AWS::S3::Bucket' } });
  await stack(acct, config, 'Network', {
    FirewallAlertCopyAlerts1234ABCD: { Type: 'AWS::Logs::LogGroup' },
    FirewallAlertCopyForwarderLogs9F8E7D6C: { Type: 'AWS::Logs::LogGroup' },
  });
  await stack(acct, config, 'App', { ClusterEB0386A7: { Type: 'AWS::ECS::Cluster' } });
  await stack(acct, config, 'Data', { Topic: { Type: 'AWS::SNS::Topic' } });
  await stack(acct, config, 'Dr', { Topic: { Type: 'AWS::SNS::Topic' } }, DR);
  const deployment = new Deployment(config, acct.clients);
  const bucket = (await deployment.physicalId(RESOURCES.logArchiveBucket))!;
  const s3 = acct.clients.client('s3', PRIMARY);
  if (s.locked) {
    // moto's CloudFormation leaves the bucket unversioned; Object Lock needs versioning.
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1096 } } } }));
  }
  const now = new Date();
  const key = (type: 'alert' | 'flow') => `${firewallLogPrefix(acct.id, PRIMARY, `${config.projectName}-inspection`, type, now)}${String(now.getUTCHours()).padStart(2, '0')}/${acct.id}_network-firewall_${type}_${PRIMARY}_x_${now.getTime()}.log.gz`;
  if (s.flow) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key('flow'), Body: '{"event_type":"netflow"}' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key('alert'), Body: '{"event_type":"alert"}' }));
  if (s.alertCopied) {
    const logGroupName = (await deployment.physicalId(RESOURCES.firewallAlertLogGroup))!;
    const logs = acct.clients.client('logs', PRIMARY);
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'copy' }));
    await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 'copy', logEvents: [{ timestamp: Date.now() + 1000, message: '{"event_type":"alert"}' }] }));
  }
  for (const [name, state] of Object.entries(s.alarmStates)) {
    const region = name.includes('replica') ? DR : PRIMARY;
    const cw = acct.clients.client('cloudwatch', region);
    const AlarmName = `${config.projectName}-${name}`;
    await cw.send(new PutMetricAlarmCommand({ AlarmName, Namespace: 'X', MetricName: 'Y', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' }));
    await cw.send(new SetAlarmStateCommand({ AlarmName, StateValue: state, StateReason: 'seeded' }));
  }
  const cw = acct.clients.client('cloudwatch', PRIMARY);
  for (const [i, percent] of s.canaryPercents.entries()) {
    const Timestamp = new Date(now.getTime() - (s.canaryPercents.length - i) * 60_000);
    await cw.send(new PutMetricDataCommand({ Namespace: 'CloudWatchSynthetics', MetricData: [{ MetricName: 'SuccessPercent', Dimensions: [{ Name: 'CanaryName', Value: `${config.projectName}-endpoint` }], Timestamp, Value: percent }] }));
  }
  await acct.clients.client('guardduty', PRIMARY).send(new CreateDetectorCommand({ Enable: true }));
  const rds = acct.clients.client('rds', PRIMARY);
  const rdsDr = acct.clients.client('rds', DR);
  const instance = { Engine: 'postgres', DBInstanceClass: 'db.m7g.large', AllocatedStorage: 100, MasterUsername: 'postgres', MasterUserPassword: 'not-a-real-password' };
  if (s.replicaHasSource) {
    const primary = await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: `${config.projectName}-db`, ...instance }));
    await rdsDr.send(new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: `${config.projectName}-db-replica`, SourceDBInstanceIdentifier: primary.DBInstance!.DBInstanceArn }));
    await acct.clients.client('cloudwatch', DR).send(new PutMetricDataCommand({ Namespace: 'AWS/RDS', MetricData: [{ MetricName: 'ReplicaLag', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: `${config.projectName}-db-replica` }], Timestamp: new Date(now.getTime() - 60_000), Value: 3 }] }));
  } else {
    // Promoted (or created by hand): an instance of that name that replicates from nothing.
    await rdsDr.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: `${config.projectName}-db-replica`, ...instance }));
  }
}

/** moto lacks these: coverage answers only for the cluster the stack holds; jobs per account. */
function stubMissingCalls(goodCluster: string, badCluster: string): void {
  stubOperation<{ FilterCriteria?: { FilterCriterion?: { FilterCondition?: { Equals?: string[] } }[] } }>(GuardDutyClient, ListCoverageCommand, (input, acct) => {
    const cluster = input.FilterCriteria?.FilterCriterion?.[0]?.FilterCondition?.Equals?.[0];
    if (cluster === goodCluster && acct === GOOD) return { Resources: [{ CoverageStatus: 'HEALTHY', ResourceId: 'task-1' }, { CoverageStatus: 'HEALTHY', ResourceId: 'task-2' }] };
    if (cluster === badCluster && acct === BAD) return { Resources: [{ CoverageStatus: 'UNHEALTHY', Issue: 'Agent not reporting: ECR pull denied', ResourceId: 'task-1' }] };
    return { Resources: [] };
  });
  const at = new Date(Date.now() - 3_600_000);
  // Jobs only for the vaults the stacks name: the primary vault's backups, copies into the DR vault.
  stubOperation<{ ByBackupVaultName?: string }>(BackupClient, ListBackupJobsCommand, (input, acct) =>
    input.ByBackupVaultName !== 'hardened-vault' ? { BackupJobs: [] } : { BackupJobs: [{ BackupJobId: 'job-1', State: acct === GOOD ? 'COMPLETED' : 'FAILED', StatusMessage: acct === GOOD ? undefined : 'Access denied to the KMS key', CreationDate: at }] },
  );
  stubOperation<{ ByDestinationVaultArn?: string }>(BackupClient, ListCopyJobsCommand, (input, acct) =>
    input.ByDestinationVaultArn !== `arn:aws:backup:${DR}:${acct}:backup-vault:hardened-dr-vault` ? { CopyJobs: [] } : { CopyJobs: [{ CopyJobId: 'copy-1', State: acct === GOOD ? 'COMPLETED' : 'FAILED', CreationDate: at }] },
  );
}

const config = (acct: string) => configWith({ account: acct, edge: { certificate: { domainName: SITE } } });
const row = (results: CheckResult[], check: string, region?: string) => results.find((r) => r.check === check && (region === undefined || r.region === region));

let goodPort: number;
let badPort: number;
beforeAll(async () => {
  good = registerAccount(await account(moto().endpoint, GOOD));
  bad = registerAccount(await account(moto().endpoint, BAD));
  ca = new TestCa();
  siteCert = ca.issue('site', [SITE]);
  goodPort = await site();
  badPort = await site({ tls13: false });
  await seed(good, config(GOOD), { locked: true, flow: true, alertCopied: true, alarmStates: { 'alb-5xx': 'OK', 'service-down': 'OK', 'replica-lag': 'OK' }, canaryPercents: [100, 100, 100], replicaHasSource: true });
  await seed(bad, config(BAD), { locked: false, flow: false, alertCopied: false, alarmStates: { 'alb-5xx': 'ALARM', 'service-down': 'OK', 'db-cpu': 'INSUFFICIENT_DATA' }, canaryPercents: [100, 100, 0], replicaHasSource: false });
});
afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  good?.clients.destroy();
  bad?.clients.destroy();
  ca?.dispose();
});
afterEach(() => jest.restoreAllMocks());

async function verify(acct: Account, port: number) {
  const cluster = async (a: Account) => (await new Deployment(config(a.id), a.clients).physicalId(RESOURCES.cluster))!;
  stubMissingCalls(await cluster(good), await cluster(bad));
  return runCommand<VerifyContext>('verify', VERIFY_CHECKS, { config: config(acct.id), context: {}, args: { context: {} } }, { endpoint: moto().endpoint, credentials: acct.credentials }, (ctx) => ({
    ...ctx,
    siteProbe: probeAt(port),
  }));
}

test('a healthy deployment passes every check: exit 0', async () => {
  const run = await verify(good, goodPort);
  expect(run.results.filter((r) => r.verdict !== 'PASS')).toEqual([]);
  expect(run.results.map((r) => `${r.check} ${r.region ?? '-'}`)).toEqual([
    'site over TLS 1.3 -',
    `alarms ${PRIMARY}`,
    `alarms ${DR}`,
    `canary ${PRIMARY}`,
    `firewall FLOW logs ${PRIMARY}`,
    `firewall ALERT logs ${PRIMARY}`,
    `firewall ALERT copy ${PRIMARY}`,
    `guardduty runtime coverage ${PRIMARY}`,
    `last backup job ${PRIMARY}`,
    `last DR copy job ${PRIMARY}`,
    `database replica ${DR}`,
    'reference app -',
  ]);
  // The default image is not the reference app: its end-to-end rows are one line, not run (verify-reference-app.test.ts runs them).
  expect(row(run.results, 'reference app')!.detail).toMatch(/^not deployed: app\.image is not 'reference'/);
  expect(row(run.results, 'firewall FLOW logs')!.detail).toMatch(/COMPLIANCE until \d{4}-/);
  expect(row(run.results, 'database replica')!.detail).toBe('hardened-db-replica: available, lag 3 s');
  expect(run.exitCode).toBe(0);
});

test('a broken deployment fails each check, with the fix, and exits 1', async () => {
  const run = await verify(bad, badPort);
  const r = run.results;
  expect(row(r, 'site over TLS 1.3')).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/no TLS 1\.3 handshake/) });
  expect(row(r, 'alarms', PRIMARY)).toMatchObject({ verdict: 'FAIL', detail: '1 of 3 OK; ALARM: hardened-alb-5xx; INSUFFICIENT_DATA: hardened-db-cpu' });
  // The Dr stack is deployed but has no alarm: its replica-lag alarms are missing.
  expect(row(r, 'alarms', DR)).toMatchObject({ verdict: 'FAIL', detail: 'no alarm named hardened-*' });
  expect(row(r, 'canary')).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/last run 0% successful .* \(1 of 3 minutes failing\)/) });
  expect(row(r, 'firewall FLOW logs')).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/no FLOW object in the last 60 minutes/) });
  expect(row(r, 'firewall ALERT logs')).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/is not under Object Lock retention/) });
  expect(row(r, 'firewall ALERT copy')).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/^Hardened-Network-FirewallAlertCopyAlerts1234ABCD-\w+: no event since/) });
  expect(row(r, 'guardduty runtime coverage')).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/1 of 1 UNHEALTHY \(Agent not reporting: ECR pull denied\)/) });
  expect(row(r, 'last backup job')).toMatchObject({ verdict: 'FAIL', detail: 'job-1 FAILED: Access denied to the KMS key' });
  expect(row(r, 'last DR copy job')).toMatchObject({ verdict: 'FAIL', detail: 'copy-1 FAILED' });
  expect(row(r, 'database replica')).toMatchObject({ verdict: 'FAIL', detail: 'hardened-db-replica has no source: it is not (or no longer) a replica' });
  expect(r.filter((x) => x.check !== 'reference app').every((x) => x.verdict === 'FAIL')).toBe(true);
  expect(run.exitCode).toBe(1);
  expect(run.table).toMatch(/^FAIL {5}guardduty runtime coverage .*\n {9}fix: .*GuardDuty's ECR repository/m);
});

test('nothing deployed: each check says which stack is missing instead of failing on a call', async () => {
  const empty = registerAccount(await account(moto().endpoint, '333333333333'));
  const run = await runCommand<VerifyContext>('verify', VERIFY_CHECKS.slice(1), { config: config('333333333333'), context: {}, args: { context: {} } }, { endpoint: moto().endpoint, credentials: empty.credentials });
  expect(row(run.results, 'firewall logs')).toMatchObject({ verdict: 'FAIL', detail: 'no log archive bucket: the Audit stack is not deployed' });
  expect(row(run.results, 'guardduty runtime coverage')).toMatchObject({ verdict: 'FAIL', detail: 'no ECS cluster: the App stack is not deployed' });
  expect(row(run.results, 'database replica')).toMatchObject({ verdict: 'FAIL', detail: 'hardened-db-replica not found' });
  empty.clients.destroy();
});

describe('the site probe is a real TLS 1.3 connection', () => {
  const check = async (port: number, overrides: Record<string, unknown> = {}, args: Record<string, string> = {}) =>
    (await siteTlsCheck.run({ ...commandContext(good, configWith({ account: GOOD, edge: { certificate: { domainName: SITE }, ...overrides } })), args: { context: {}, ...args }, siteProbe: probeAt(port) }))[0];

  test('an error answer fails', async () => {
    expect(await check(await site({ status: 503 }))).toMatchObject({ verdict: 'FAIL', detail: `https://${SITE}/: TLS 1.3, HTTP 503` });
  });

  test('a certificate for another name fails', async () => {
    const other = ca.issue('other', ['other.example.org']);
    expect(await check(await site({ cert: other }))).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/ERR_TLS_CERT_ALTNAME_INVALID/) });
  });

  test('mutual TLS (patterns 2–3): without a client certificate a WARN; with one the answer is checked', async () => {
    const port = await site({ requireClientCert: true });
    const mtls = { authPattern: 2, clientCertificates: { caBundleBucket: 'trust' } };
    expect(await check(port, mtls)).toMatchObject({ verdict: 'WARN', detail: expect.stringMatching(/requires a client certificate/) });
    const client = ca.issue('client', ['operator.example.org']);
    const args = { clientCertFile: ca.file('client.pem', client.cert), clientKeyFile: ca.file('client.key', client.key) };
    expect(await check(port, mtls, args)).toMatchObject({ verdict: 'PASS', detail: `https://${SITE}/: TLS 1.3, HTTP 200` });
  });
});

test('the script: the same table from the command line, exit 1 on a FAIL, 2 on a bad flag', () => {
  const root = path.resolve(__dirname, '../..');
  const env = { ...process.env, AWS_ENDPOINT_URL: moto().endpoint, AWS_ACCESS_KEY_ID: good.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: good.credentials.secretAccessKey, AWS_SESSION_TOKEN: good.credentials.sessionToken };
  const run = (...args: string[]) => spawnSync(process.execPath, ['-r', path.join(root, 'test', 'support', 'esbuild-register.js'), 'scripts/verify.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  const config = ca.file('verify.json', JSON.stringify({ account: GOOD, edge: { certificate: { domainName: 'site.invalid', certificateArn: `arn:aws:acm:ap-northeast-1:${GOOD}:certificate/11111111-2222-3333-4444-555555555555` } } }));
  const out = run('-c', `config=${config}`);
  expect(out.stdout).toMatch(/^PASS {5}alarms +ap-northeast-1 +2 of 2 OK/m);
  expect(out.stdout).toMatch(/^PASS {5}firewall FLOW logs +ap-northeast-1 +newest .*COMPLIANCE/m);
  expect(out.stdout).toMatch(/^PASS {5}database replica +ap-northeast-3 +hardened-db-replica: available, lag 3 s/m);
  // No such site name, and moto has no Backup job listing: those rows fail, and so the command.
  expect(out.stdout).toMatch(/^FAIL {5}site over TLS 1\.3 +- +https:\/\/site\.invalid\/: no TLS 1\.3 handshake/m);
  expect(out.status).toBe(1);
  const badFlag = run('--client-cert', 'a.pem');
  expect(badFlag.stderr).toMatch(/--client-cert and --client-key go together/);
  expect(badFlag.status).toBe(2);
});
