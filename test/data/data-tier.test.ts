import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { ACCOUNT, buildDataTier, DataTierFixture, DR_REGION, PRIMARY_REGION } from './fixture';

// Invariants of the data tier (NET-4, DATA-1..6) on one app synthesized once.

type Resources = Record<string, { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] }>;

let f: DataTierFixture;
let data: Template;
let dr: Template;

beforeAll(() => {
  f = buildDataTier();
  // One synthesis for both templates (Template.fromStack synthesizes the whole app each time).
  const assembly = f.app.synth();
  data = Template.fromJSON(assembly.getStackArtifact(f.data.artifactId).template);
  dr = Template.fromJSON(assembly.getStackArtifact(f.dr.artifactId).template);
});

const resources = (t: Template): Resources => t.toJSON().Resources;
const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
const onlyOf = (t: Template, type: string) => {
  const found = Object.entries(resources(t)).filter(([, r]) => r.Type === type);
  expect(found).toHaveLength(1);
  return found[0];
};
/** Minutes after midnight JST of an 'hh:mm' UTC clock. */
const jst = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h * 60 + m + 9 * 60) % (24 * 60);
};
/** 22:00-06:00 JST, inclusive of its end. */
const isJstNight = (minutesJst: number) => minutesJst >= 22 * 60 || minutesJst <= 6 * 60;

describe('primary database (DATA-1, DATA-2, DATA-6)', () => {
  test('Multi-AZ PostgreSQL with the full minor version, encrypted with a rotating customer-managed key', () => {
    data.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceIdentifier: `${DEFAULT_CONFIG.projectName}-db`,
      Engine: 'postgres',
      EngineVersion: DEFAULT_CONFIG.data.engineVersion,
      MultiAZ: true,
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [logicalId(f.data, f.data.databaseKey), 'Arn'] },
      PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [logicalId(f.data, f.data.databaseKey), 'Arn'] },
      PubliclyAccessible: false,
      CopyTagsToSnapshot: true,
      AutoMinorVersionUpgrade: true,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
    });
    expect(resources(data)[logicalId(f.data, f.data.databaseKey)].Properties.EnableKeyRotation).toBe(true);
  });

  test('deletion protection, IAM authentication and enhanced monitoring every 60 s or finer', () => {
    const [, db] = onlyOf(data, 'AWS::RDS::DBInstance');
    expect(db.Properties.DeletionProtection).toBe(true);
    expect(db.Properties.EnableIAMDatabaseAuthentication).toBe(true);
    expect(db.Properties.MonitoringInterval).toBeGreaterThan(0);
    expect(db.Properties.MonitoringInterval).toBeLessThanOrEqual(60);
  });

  test('nightly automated backups (JST) with point-in-time recovery of at least 7 days', () => {
    const [, db] = onlyOf(data, 'AWS::RDS::DBInstance');
    expect(db.Properties.BackupRetentionPeriod).toBeGreaterThanOrEqual(7);
    expect(db.Properties.BackupRetentionPeriod).toBe(DEFAULT_CONFIG.data.backupRetentionDays);
    const [start, end] = String(db.Properties.PreferredBackupWindow).split('-');
    expect(isJstNight(jst(start)) && isJstNight(jst(end))).toBe(true);
    expect(db.Properties.DeleteAutomatedBackups).toBe(false);
  });

  test('a daytime backup window is refused', () => {
    const config = { ...DEFAULT_CONFIG, data: { ...DEFAULT_CONFIG.data, backupWindowUtc: '03:00-04:00' } };
    expect(() => buildDataTier(config)).toThrow(/12:00-13:00 Asia\/Tokyo.*within the night/);
  });

  test('TLS is required: the parameter group sets rds.force_ssl', () => {
    const [, db] = onlyOf(data, 'AWS::RDS::DBInstance');
    const group = resources(data)[db.Properties.DBParameterGroupName.Ref];
    expect(group.Properties.Parameters).toMatchObject({ 'rds.force_ssl': '1' });
  });

  test('credentials in Secrets Manager, encrypted with the key, rotated every 30 days or sooner from the app subnets', () => {
    data.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [logicalId(f.data, f.data.databaseKey), 'Arn'] },
    });
    // Two: the master user's (single-user) and the application user's (alternating users).
    const schedules = Object.values(resources(data)).filter((r: any) => r.Type === 'AWS::SecretsManager::RotationSchedule');
    expect(schedules).toHaveLength(2);
    for (const schedule of schedules) {
      const rules = schedule.Properties.RotationRules;
      const days = rules.AutomaticallyAfterDays ?? Number(/^rate\((\d+) days?\)$/.exec(rules.ScheduleExpression)?.[1]);
      expect(days).toBeGreaterThan(0);
      expect(days).toBeLessThanOrEqual(30);
    }
    const rotations = Object.values(resources(data)).filter((r: any) => r.Type === 'AWS::Serverless::Application');
    expect(rotations).toHaveLength(2);
    const appSubnets = f.network.node.findAll().filter((c) => c.node.path.includes('/AppSubnet') && c.node.id === 'Subnet');
    expect(appSubnets).toHaveLength(3);
    for (const rotation of rotations) {
      const subnets = JSON.stringify(rotation.Properties.Parameters.vpcSubnetIds);
      for (const subnet of appSubnets) expect(subnets).toContain(f.network.getLogicalId(subnet as CfnElement));
    }
  });
});

describe('network isolation (NET-4)', () => {
  test('PostgreSQL listens on data.port, not its default 5432 (AwsSolutions-RDS11), and the replica on the same port', () => {
    expect(f.config.data.port).not.toBe(5432);
    expect(onlyOf(data, 'AWS::RDS::DBInstance')[1].Properties.Port).toBe(String(f.config.data.port));
    expect(onlyOf(dr, 'AWS::RDS::DBInstance')[1].Properties.Port).toBe(String(f.config.data.port));
  });

  test('the database sits in the isolated Data subnets', () => {
    const [, db] = onlyOf(data, 'AWS::RDS::DBInstance');
    const group = resources(data)[db.Properties.DBSubnetGroupName.Ref];
    const ids = JSON.stringify(group.Properties.SubnetIds);
    expect(ids).toMatch(/DataSubnet1/);
    expect(ids).not.toMatch(/AppSubnet|PublicSubnet/);
  });

  test('the database security group admits PostgreSQL only from security groups (app tier, rotation), by reference', () => {
    const sgId = logicalId(f.data, f.data.securityGroup);
    const sg = resources(data)[sgId];
    expect(sg.Properties.SecurityGroupIngress ?? []).toEqual([]);
    // allowAllOutbound: false renders a rule that matches nothing.
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    const ingress = Object.values(resources(data)).filter(
      (r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && JSON.stringify(r.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [sgId, 'GroupId'] }),
    );
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule.Properties).toEqual(expect.objectContaining({ IpProtocol: 'tcp', FromPort: f.config.data.port, ToPort: f.config.data.port, SourceSecurityGroupId: expect.anything() }));
      for (const key of ['CidrIp', 'CidrIpv6', 'SourcePrefixListId']) expect(rule.Properties[key]).toBeUndefined();
    }
    const sources = ingress.map((r) => JSON.stringify(r.Properties.SourceSecurityGroupId));
    expect(sources.some((s) => s.includes(f.network.getLogicalId(f.appSecurityGroup.node.defaultChild as CfnElement)))).toBe(true);
  });

  test('the replica admits nothing until promotion', () => {
    const [, replica] = onlyOf(dr, 'AWS::RDS::DBInstance');
    const sgId = replica.Properties.VPCSecurityGroups[0]['Fn::GetAtt'][0];
    expect(resources(dr)[sgId].Properties.SecurityGroupIngress ?? []).toEqual([]);
    dr.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });
});

describe('cross-region read replica (DATA-3)', () => {
  test('lives in the DR region, created from the literal ARN of the primary in the primary region, with the DR key', () => {
    expect(f.dr.region).toBe(DR_REGION);
    expect(f.data.region).toBe(PRIMARY_REGION);
    dr.hasResourceProperties('AWS::RDS::DBInstance', {
      SourceDBInstanceIdentifier: `arn:aws:rds:${PRIMARY_REGION}:${ACCOUNT}:db:${DEFAULT_CONFIG.projectName}-db`,
      KmsKeyId: { 'Fn::GetAtt': [logicalId(f.dr, f.dr.key), 'Arn'] },
      StorageEncrypted: Match.absent(),
      BackupRetentionPeriod: Match.absent(),
      DeletionProtection: true,
      EnableIAMDatabaseAuthentication: true,
      PubliclyAccessible: false,
    });
    expect(resources(dr)[logicalId(f.dr, f.dr.key)].Properties.EnableKeyRotation).toBe(true);
  });

  test('has its own parameter group with rds.force_ssl', () => {
    const [, replica] = onlyOf(dr, 'AWS::RDS::DBInstance');
    const group = resources(dr)[replica.Properties.DBParameterGroupName.Ref];
    expect(group.Properties.Parameters).toMatchObject({ 'rds.force_ssl': '1' });
  });

  test('the stacks are loosely coupled: no cross-stack values between the regions, only a deploy-order dependency', () => {
    const text = JSON.stringify(dr.toJSON());
    expect(text).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput/);
    const imports = JSON.stringify(data.toJSON()).match(/"Fn::GetStackOutput":\{[^}]*\}/g) ?? [];
    for (const ref of imports) expect(JSON.parse(`{${ref}}`)['Fn::GetStackOutput']).toEqual(expect.objectContaining({ StackName: f.network.stackName, Region: PRIMARY_REGION }));
    expect(f.dr.dependencies).toContain(f.data);
  });

  test('the DR network is built from the configuration: its CIDR, the log retention and the DR stack\'s key (what it promises: test/network/dr-network.test.ts)', () => {
    dr.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: DEFAULT_CONFIG.network.drVpcCidr });
    dr.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('flow'),
      RetentionInDays: DEFAULT_CONFIG.logs.retentionDays,
      KmsKeyId: { 'Fn::GetAtt': [logicalId(f.dr, f.dr.key), 'Arn'] },
    });
  });
});

describe('AWS Backup (DATA-4)', () => {
  const drVaultArn = `arn:aws:backup:${DR_REGION}:${ACCOUNT}:backup-vault:${DEFAULT_CONFIG.projectName}-dr-vault`;

  test('a daily plan at night (JST) backs up the database and copies each recovery point to the DR vault', () => {
    const [, plan] = onlyOf(data, 'AWS::Backup::BackupPlan');
    const [rule] = plan.Properties.BackupPlan.BackupPlanRule;
    const cron = /^cron\((\d+) (\d+) \* \* \? \*\)$/.exec(rule.ScheduleExpression);
    expect(cron).not.toBeNull();
    const startJst = rule.ScheduleExpressionTimezone === 'Asia/Tokyo' ? Number(cron![2]) * 60 + Number(cron![1]) : jst(`${cron![2]}:${cron![1]}`);
    expect(isJstNight(startJst) && isJstNight(startJst + rule.StartWindowMinutes)).toBe(true);
    expect(rule.CopyActions).toEqual([{ DestinationBackupVaultArn: drVaultArn, Lifecycle: { DeleteAfterDays: DEFAULT_CONFIG.data.backupVaultRetentionDays } }]);
    expect(rule.Lifecycle.DeleteAfterDays).toBe(DEFAULT_CONFIG.data.backupVaultRetentionDays);
    data.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { Resources: [{ 'Fn::Join': ['', [Match.anyValue(), { Ref: logicalId(f.data, f.data.database) }]] }] },
    });
  });

  test('the copy destination is the DR stack\'s vault', () => {
    const [, vault] = onlyOf(dr, 'AWS::Backup::BackupVault');
    expect(drVaultArn.endsWith(`:backup-vault:${vault.Properties.BackupVaultName}`)).toBe(true);
    expect(f.dr.vault.env.region).toBe(DR_REGION);
  });

  test.each([
    ['primary', () => data, () => f.data],
    ['DR', () => dr, () => f.dr],
  ] as const)('the %s vault has its own rotating key and a lock of at least 7 days, matching retention', (_, template, stack) => {
    const [, vault] = onlyOf(template(), 'AWS::Backup::BackupVault');
    const lock = vault.Properties.LockConfiguration;
    expect(lock.MinRetentionDays).toBeGreaterThanOrEqual(7);
    expect(lock.MinRetentionDays).toBeLessThanOrEqual(DEFAULT_CONFIG.data.backupVaultRetentionDays);
    const keyId = vault.Properties.EncryptionKeyArn['Fn::GetAtt'][0];
    expect(resources(template())[keyId].Properties.EnableKeyRotation).toBe(true);
    const dataKey = stack() === f.data ? logicalId(f.data, f.data.databaseKey) : logicalId(f.dr, f.dr.key);
    expect(keyId).not.toBe(dataKey);
  });
});

describe('nothing is lost on cdk destroy (DATA-5)', () => {
  const STATEFUL = [
    'AWS::RDS::DBInstance',
    'AWS::KMS::Key',
    'AWS::S3::Bucket',
    'AWS::Logs::LogGroup',
    'AWS::Backup::BackupVault',
    'AWS::DynamoDB::Table',
    'AWS::SecretsManager::Secret',
  ];
  const KEEPS = ['Retain', 'Snapshot'];

  test.each([
    ['DataStack', () => data, ['AWS::RDS::DBInstance', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::Backup::BackupVault', 'AWS::SecretsManager::Secret']],
    ['DrStack', () => dr, ['AWS::RDS::DBInstance', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::Backup::BackupVault']],
  ] as const)('%s keeps every stateful resource', (_, template, expectedTypes) => {
    const stateful = Object.entries(resources(template())).filter(([, r]) => STATEFUL.includes(r.Type));
    // The walk must see the resources it is meant to protect.
    expect(new Set(stateful.map(([, r]) => r.Type))).toEqual(new Set(expectedTypes));
    const deleting = stateful
      .filter(([, r]) => !KEEPS.includes(r.DeletionPolicy ?? 'Delete') || !KEEPS.includes(r.UpdateReplacePolicy ?? 'Delete'))
      .map(([id, r]) => `${id} (${r.Type}): DeletionPolicy ${r.DeletionPolicy ?? 'Delete'}, UpdateReplacePolicy ${r.UpdateReplacePolicy ?? 'Delete'}`);
    expect(deleting).toEqual([]);
  });
});

describe('standard rule packs (GOV-2)', () => {
  test.each(['DataStack', 'DrStack'])('%s has no unacknowledged finding', (name) => {
    const stack = name === 'DataStack' ? f.data : f.dr;
    const packs = [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks(), new ServerlessChecks()];
    const findings = packs.flatMap((pack) =>
      pack.validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath ?? r.resourceLogicalId}`)),
    );
    expect(findings).toEqual([]);
  });
});
