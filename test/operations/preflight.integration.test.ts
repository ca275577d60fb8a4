/**
 * `npm run preflight` against moto: a good account passes every check, a bad account fails each
 * one. Moto lacks three calls (Lambda GetAccountSettings, RDS DescribeOrderableDBInstanceOptions
 * for postgres, Network Firewall DescribeRuleGroup): those are stubbed at the client boundary,
 * everything else is moto's real answer.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ImportCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { AllocateAddressCommand, CreateNatGatewayCommand, CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { CreateDetectorCommand } from '@aws-sdk/client-guardduty';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateFirewallCommand, DescribeRuleGroupCommand, NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import { DescribeOrderableDBInstanceOptionsCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateHostedZoneCommand } from '@aws-sdk/client-route-53';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { HardenedConfig } from '../../lib/config/types';
import { CheckResult } from '../../lib/operations/check';
import { runCommand } from '../../lib/operations/command';
import { PREFLIGHT_CHECKS } from '../../lib/operations/preflight';
import { BOOTSTRAP_VERSION_PARAMETER } from '../../lib/operations/preflight/bootstrap';
import { useMotoServer } from '../support/aws-fixture';
import { Account, BAD, DR, GOOD, PRIMARY, TestCa, account, commandContext, configWith, registerAccount, stubOperation } from './fixture';

jest.setTimeout(180_000);
const moto = useMotoServer();

const SITE = 'www.shop.example.org';
let good: Account;
let bad: Account;
let ca: TestCa;
let goodConfig: HardenedConfig;
let badConfig: HardenedConfig;
let goodZoneId: string;

/** CloudFormation in moto creates the bootstrap's version parameter, as `cdk bootstrap` does. */
async function bootstrap(acct: Account, region: string, version: number): Promise<void> {
  await acct.clients.client('cloudformation', region).send(
    new CreateStackCommand({
      StackName: 'CDKToolkit',
      TemplateBody: JSON.stringify({
        Resources: { CdkBootstrapVersion: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Name: BOOTSTRAP_VERSION_PARAMETER, Value: String(version) } } },
      }),
    }),
  );
}

async function bucketWith(acct: Account, bucket: string, objects: Record<string, string>): Promise<void> {
  const s3 = acct.clients.client('s3', PRIMARY);
  await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: PRIMARY } }));
  for (const [Key, Body] of Object.entries(objects)) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
}

async function seedGood(): Promise<void> {
  for (const region of [PRIMARY, DR]) await bootstrap(good, region, 27);
  const leaf = ca.issue('site', ['shop.example.org', '*.shop.example.org']);
  const imported = await good.clients.client('acm', PRIMARY).send(new ImportCertificateCommand({ Certificate: Buffer.from(leaf.cert), PrivateKey: Buffer.from(leaf.key), CertificateChain: Buffer.from(ca.ca.cert) }));
  const zone = await good.clients.client('route53', PRIMARY).send(new CreateHostedZoneCommand({ Name: 'shop.example.org', CallerReference: 'good-zone' }));
  goodZoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  await bucketWith(good, 'good-trust', { 'ca-bundle.pem': ca.ca.cert, 'crl.pem': '-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n' });
  goodConfig = configWith({
    account: GOOD,
    edge: { authPattern: 2, certificate: { domainName: SITE, certificateArn: imported.CertificateArn }, clientCertificates: { caBundleBucket: 'good-trust', revocationListKey: 'crl.pem' } },
  });
}

async function seedBad(): Promise<void> {
  await bootstrap(bad, PRIMARY, 5); // too old; the DR region not bootstrapped at all
  const requested = await bad.clients.client('acm', PRIMARY).send(new RequestCertificateCommand({ DomainName: 'other.example.net', ValidationMethod: 'DNS' }));
  await bucketWith(bad, 'bad-trust', {}); // the CA bundle was never uploaded
  await bad.clients.client('guardduty', PRIMARY).send(new CreateDetectorCommand({ Enable: true })); // an organisation's detector
  await bucketWith(bad, 'org-trail-logs', {});
  await bad.clients.client('cloudtrail', PRIMARY).send(new CreateTrailCommand({ Name: 'org-wide', S3BucketName: 'org-trail-logs', IsMultiRegionTrail: true }));
  // A primary region already near its quotas: 5 VPCs (with the default one), 5 addresses, 5 NAT gateways in one zone, 5 firewalls.
  const ec2 = bad.clients.client('ec2', PRIMARY);
  const vpcIds: string[] = [];
  for (let i = 0; i < 4; i++) vpcIds.push((await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${100 + i}.0.0/16` }))).Vpc!.VpcId!);
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcIds[0], CidrBlock: '10.100.0.0/24', AvailabilityZone: `${PRIMARY}a` }))).Subnet!.SubnetId!;
  for (let i = 0; i < 5; i++) {
    const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: eip.AllocationId }));
  }
  for (let i = 0; i < 5; i++) {
    await bad.clients.client('networkfirewall', PRIMARY).send(new CreateFirewallCommand({ FirewallName: `existing-${i}`, FirewallPolicyArn: `arn:aws:network-firewall:${PRIMARY}:${BAD}:firewall-policy/p`, VpcId: vpcIds[0], SubnetMappings: [{ SubnetId: subnet }] }));
  }
  badConfig = configWith({
    account: BAD,
    edge: { authPattern: 2, certificate: { domainName: SITE, certificateArn: requested.CertificateArn }, clientCertificates: { caBundleBucket: 'bad-trust' } },
  });
}

/** moto lacks these three calls: the good account has room and an orderable database, the bad one not. */
function stubMissingCalls(): void {
  stubOperation(LambdaClient, GetAccountSettingsCommand, (_i, acct) =>
    acct === GOOD ? { AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } } : { AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 } },
  );
  stubOperation<{ EngineVersion?: string }>(RDSClient, DescribeOrderableDBInstanceOptionsCommand, (input, acct) => {
    const offered = acct === GOOD ? '17.6' : '17.7'; // 17.6 left standard support in the bad account's regions
    if (input.EngineVersion && input.EngineVersion !== offered) return { OrderableDBInstanceOptions: [] };
    return {
      OrderableDBInstanceOptions: [
        { Engine: 'postgres', EngineVersion: offered, DBInstanceClass: 'db.m7g.large', MultiAZCapable: true, AvailabilityZones: ['a', 'c', 'd'].map((z) => ({ Name: `${PRIMARY}${z}` })) },
      ],
    };
  });
  stubOperation(NetworkFirewallClient, DescribeRuleGroupCommand, (_i, acct) => ({ RuleGroupResponse: { ConsumedCapacity: acct === GOOD ? 3000 : 6000 } }));
}

const verdicts = (results: CheckResult[], check: string) => results.filter((r) => r.check === check).map((r) => `${r.region ?? '-'} ${r.verdict}`);

beforeAll(async () => {
  good = registerAccount(await account(moto().endpoint, GOOD));
  bad = registerAccount(await account(moto().endpoint, BAD));
  ca = new TestCa();
  await seedGood();
  await seedBad();
});
afterAll(() => {
  good?.clients.destroy();
  bad?.clients.destroy();
  ca?.dispose();
});
afterEach(() => jest.restoreAllMocks());

test('the good account passes every check: exit 0', async () => {
  stubMissingCalls();
  const run = await runCommand('preflight', PREFLIGHT_CHECKS, { config: goodConfig, context: {}, args: { context: {} } }, { endpoint: moto().endpoint, credentials: good.credentials });
  expect(run.results.filter((r) => r.verdict !== 'PASS')).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(run.table).toMatch(/^PASS {5}certificate {2,}ap-northeast-1 +ISSUED, covers www\.shop\.example\.org/m);
});

test('the bad account fails each check, with the fix, and exits 1', async () => {
  stubMissingCalls();
  const run = await runCommand('preflight', PREFLIGHT_CHECKS, { config: badConfig, context: {}, args: { context: {} } }, { endpoint: moto().endpoint, credentials: bad.credentials });
  const r = run.results;
  expect(verdicts(r, 'cdk bootstrap')).toEqual([`${PRIMARY} FAIL`, `${DR} FAIL`]);
  expect(r.find((x) => x.check === 'cdk bootstrap' && x.region === PRIMARY)!.detail).toMatch(/version 5/);
  expect(r.find((x) => x.check === 'certificate')).toMatchObject({ verdict: 'FAIL', detail: 'status PENDING_VALIDATION' });
  expect(verdicts(r, 'client CA bundle')).toEqual([`${PRIMARY} FAIL`]);
  expect(r.find((x) => x.check === 'lambda concurrency')).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/unreserved 10, the stacks reserve 16 → -6 left/) });
  expect(r.find((x) => x.check === 'guardduty detector')).toMatchObject({ verdict: 'FAIL', fix: expect.stringMatching(/threat\.createDetector false/) });
  expect(r.find((x) => x.check === 'cloudtrail')).toMatchObject({ verdict: 'WARN', detail: expect.stringMatching(/org-wide/) });
  expect(verdicts(r, 'database orderable')).toEqual([`${PRIMARY} FAIL`, `${DR} FAIL`]);
  expect(r.find((x) => x.check === 'firewall policy capacity')).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/31500 of 30000/) });
  for (const quota of ['quota: VPCs', 'quota: Elastic IPs', 'quota: NAT gateways', 'quota: firewalls']) expect(verdicts(r, quota)[0]).toBe(`${PRIMARY} FAIL`);
  expect(run.exitCode).toBe(1);
  expect(run.table).toMatch(/^FAIL {5}guardduty detector.*\n {9}fix: Set threat\.createDetector false/m);
});

test('credentials of another account, and the placeholder account, fail', async () => {
  const { identityCheck } = await import('../../lib/operations/preflight/identity');
  const [mismatch] = await identityCheck.run(commandContext(bad, goodConfig));
  expect(mismatch).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(`credentials are for account ${BAD}`) });
  const [placeholder] = await identityCheck.run(commandContext(good, configWith({})));
  expect(placeholder).toMatchObject({ verdict: 'FAIL', detail: 'account is the placeholder 123456789012' });
  const [ok] = await identityCheck.run(commandContext(good, goodConfig));
  expect(ok.verdict).toBe('PASS');
});

test('certificate: another region, a name it does not cover, a zone of another name', async () => {
  const { certificateCheck } = await import('../../lib/operations/preflight/certificate');
  const leaf = ca.issue('east', ['shop.example.org', '*.shop.example.org']);
  const east = await good.clients.client('acm', 'us-east-1').send(new ImportCertificateCommand({ Certificate: Buffer.from(leaf.cert), PrivateKey: Buffer.from(leaf.key) }));
  const inEast = await certificateCheck.run(commandContext(good, configWith({ account: GOOD, edge: { certificate: { domainName: SITE, certificateArn: east.CertificateArn } } })));
  expect(inEast.find((x) => x.check === 'certificate')).toMatchObject({ verdict: 'FAIL', detail: `certificate is in us-east-1, the load balancer in ${PRIMARY}` });

  const deeper = await certificateCheck.run(commandContext(good, configWith({ ...goodConfig, edge: { certificate: { ...goodConfig.edge.certificate, domainName: 'a.www.shop.example.org' } } })));
  expect(deeper.find((x) => x.check === 'certificate')).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/not a\.www\.shop\.example\.org/) });

  const zone = (name: string, domainName = SITE) =>
    certificateCheck.run(commandContext(good, configWith({ account: GOOD, edge: { certificate: { certificateArn: undefined, domainName, hostedZoneId: goodZoneId, hostedZoneName: name } } })));
  expect((await zone('shop.example.org')).find((x) => x.check === 'hosted zone')?.verdict).toBe('PASS');
  expect((await zone('example.org')).find((x) => x.check === 'hosted zone')).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/is shop\.example\.org, configured as example\.org/) });
  expect((await zone('shop.example.org', 'www.elsewhere.example')).find((x) => x.check === 'hosted zone')?.verdict).toBe('FAIL');
  expect((await certificateCheck.run(commandContext(good, configWith({ account: GOOD, edge: { certificate: { certificateArn: undefined, domainName: SITE, hostedZoneId: 'ZNOSUCHZONE', hostedZoneName: 'shop.example.org' } } })))).find((x) => x.check === 'hosted zone')?.verdict).toBe('FAIL');
});

test('lambda concurrency: a stack already deployed holds its reservation, so it is not counted again', async () => {
  const { lambdaConcurrencyCheck } = await import('../../lib/operations/preflight/lambda-concurrency');
  stubOperation(LambdaClient, GetAccountSettingsCommand, () => ({ AccountLimit: { ConcurrentExecutions: 120, UnreservedConcurrentExecutions: 110 } }));
  const config = configWith({ account: BAD, projectName: 'concurrency' });
  expect((await lambdaConcurrencyCheck.run(commandContext(bad, config)))[0]).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/reserve 16 → 94 left/) });
  // The Files stack (10 units) exists already in this account.
  await bad.clients.client('cloudformation', PRIMARY).send(new CreateStackCommand({ StackName: 'Concurrency-Files', TemplateBody: JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }) }));
  expect((await lambdaConcurrencyCheck.run(commandContext(bad, config)))[0]).toMatchObject({ verdict: 'PASS', detail: expect.stringMatching(/reserve 6 → 104 left/) });
});

test('cloudtrail: no trail of its own and none covering the account fails; GuardDuty off with createDetector false fails', async () => {
  const { auditTrailCheck } = await import('../../lib/operations/preflight/audit-trail');
  const { guardDutyDetectorCheck } = await import('../../lib/operations/preflight/guardduty-detector');
  const config = configWith({ ...goodConfig, audit: { createTrail: false }, threat: { createDetector: false } });
  expect((await auditTrailCheck.run(commandContext(good, config)))[0]).toMatchObject({ verdict: 'FAIL', fix: expect.stringMatching(/audit\.createTrail true/) });
  expect((await guardDutyDetectorCheck.run(commandContext(good, config)))[0]).toMatchObject({ verdict: 'FAIL', detail: 'no detector, and threat.createDetector is false' });
  // The organisation's trail and detector make the same settings right.
  const orgConfig = configWith({ ...badConfig, audit: { createTrail: false }, threat: { createDetector: false } });
  expect((await auditTrailCheck.run(commandContext(bad, orgConfig)))[0].verdict).toBe('PASS');
  expect((await guardDutyDetectorCheck.run(commandContext(bad, orgConfig)))[0].verdict).toBe('PASS');
});

test('firewall capacity is a WARN, not a guess, when DescribeRuleGroup cannot be read (moto lacks it)', async () => {
  const { firewallCapacityCheck } = await import('../../lib/operations/preflight/firewall-capacity');
  expect((await firewallCapacityCheck.run(commandContext(good, goodConfig)))[0]).toMatchObject({ verdict: 'WARN', detail: expect.stringMatching(/not readable/) });
});

test('the script: same flags as synth, the table on stdout, exit 2 on a bad flag or configuration', () => {
  const root = path.resolve(__dirname, '../..');
  const env = { ...process.env, AWS_ENDPOINT_URL: moto().endpoint, AWS_ACCESS_KEY_ID: good.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: good.credentials.secretAccessKey, AWS_SESSION_TOKEN: good.credentials.sessionToken };
  // The script as `npm run preflight` runs it, loaded with esbuild's transform (test/support/esbuild-register.js) rather than ts-node: seconds less to start.
  const run = (...args: string[]) => spawnSync(process.execPath, ['-r', path.join(root, 'test', 'support', 'esbuild-register.js'), 'scripts/preflight.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  const config = ca.file('prod.json', JSON.stringify({ account: GOOD, edge: { certificate: { domainName: SITE, certificateArn: goodConfig.edge.certificate.certificateArn } } }));
  const ok = run('-c', `config=${config}`);
  expect(ok.stdout).toMatch(/^PASS {5}credentials +- +account 111111111111/m);
  expect(ok.stdout).toMatch(/^PASS {5}cdk bootstrap +ap-northeast-3 +bootstrap version 27/m);
  // moto has no Lambda GetAccountSettings: that row fails, and so the command.
  expect(ok.stdout).toMatch(/^FAIL {5}lambda concurrency/m);
  expect(ok.status).toBe(1);
  const badFlag = run('--region', 'us-east-1');
  expect(badFlag.stderr).toMatch(/Unknown flag "--region"/);
  expect(badFlag.status).toBe(2);
  const badConfigRun = run('-c', 'authPattern=7');
  expect(badConfigRun.stderr).toMatch(/edge\.authPattern/);
  expect(badConfigRun.status).toBe(2);
});
