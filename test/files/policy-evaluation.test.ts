import { PLACEHOLDER_ACCOUNT } from '../../lib/config/defaults';
import { allTemplates } from '../support/assembly';
import { ContextValue, Decision, evaluate } from '../support/iam-evaluator';
import { AssemblyTemplate, TemplatePolicies } from '../support/template-policies';

// FILE-1, judged on the SYNTHESIZED policies of the default app: the upload bucket's policy plus
// each caller's identity policies (App and Files stacks), evaluated request by request.
let policies: TemplatePolicies;
let files: AssemblyTemplate;
let uploadBucketArn: string;
let quarantineBucketArn: string;
let uploadPolicy: Record<string, any>[];
let quarantinePolicy: Record<string, any>[];
const principals: Record<'app' | 'scanner' | 'mover' | 'security' | 'admin', { arn: string; name: string }> = {} as any;

function logicalIdOf(stack: AssemblyTemplate, type: string, pattern: RegExp): string {
  const ids = Object.entries<any>(stack.template.Resources).filter(([id, r]) => r.Type === type && pattern.test(id)).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type} matching ${pattern} in ${stack.id}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

beforeAll(() => {
  policies = new TemplatePolicies(allTemplates(), PLACEHOLDER_ACCOUNT);
  files = policies.stack('Files');
  const app = policies.stack('App');
  const uploadBucket = Object.entries<any>(files.template.Resources).find(
    ([, r]) => r.Type === 'AWS::S3::Bucket' && (r.Properties.Tags ?? []).some((t: any) => t.Key === 'hardened:purpose' && t.Value === 'upload'),
  )![0];
  const quarantineBucket = logicalIdOf(files, 'AWS::S3::Bucket', /^QuarantineBucket/);
  uploadBucketArn = policies.render(files, { 'Fn::GetAtt': [uploadBucket, 'Arn'] });
  quarantineBucketArn = policies.render(files, { 'Fn::GetAtt': [quarantineBucket, 'Arn'] });
  uploadPolicy = policies.bucketPolicyStatements(files, uploadBucket);
  quarantinePolicy = policies.bucketPolicyStatements(files, quarantineBucket);
  principals.app = policies.role(app, logicalIdOf(app, 'AWS::IAM::Role', /^TaskTaskDefinitionTaskRole/));
  principals.scanner = policies.role(files, logicalIdOf(files, 'AWS::IAM::Role', /^MalwareScanRole/));
  principals.mover = policies.role(files, logicalIdOf(files, 'AWS::IAM::Role', /^ScanResultsMoverRole/));
  principals.security = policies.role(files, logicalIdOf(files, 'AWS::IAM::Role', /^SecurityReaderRole/));
  // Any other role of the account that identity policies allow everything: the bucket policy alone must stop it.
  principals.admin = { arn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/administrator`, name: 'administrator' };
});

const TLS = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' };
const SCAN_TAG = 's3:ExistingObjectTag/GuardDutyMalwareScanStatus';

function decision(
  who: keyof typeof principals,
  action: string,
  bucket: 'upload' | 'quarantine',
  key: string,
  context: Record<string, ContextValue> = {},
): Decision {
  const identity = who === 'admin' ? [{ Effect: 'Allow', Action: '*', Resource: '*' }] : policies.identityStatements(principals[who].name);
  return evaluate(
    { principalArn: principals[who].arn, action, resource: `${bucket === 'upload' ? uploadBucketArn : quarantineBucketArn}/${key}`, context: { ...TLS, ...context } },
    { identity, resource: bucket === 'upload' ? uploadPolicy : quarantinePolicy },
  ).decision;
}

const FILE = 'incoming/0b7a1c7e-5a4e-4a43-9d2b-6d9f3c1e2a10';

describe('reading an uploaded file (GetObject)', () => {
  test.each([
    ['the app role', 'app', 'no scan tag', {}, 'ExplicitDeny'],
    ['the app role', 'app', 'THREATS_FOUND', { [SCAN_TAG]: 'THREATS_FOUND' }, 'ExplicitDeny'],
    ['the app role', 'app', 'FAILED', { [SCAN_TAG]: 'FAILED' }, 'ExplicitDeny'],
    ['the app role', 'app', 'NO_THREATS_FOUND', { [SCAN_TAG]: 'NO_THREATS_FOUND' }, 'Allow'],
    ['an all-powerful role of the account', 'admin', 'no scan tag', {}, 'ExplicitDeny'],
    ['an all-powerful role of the account', 'admin', 'UNSUPPORTED', { [SCAN_TAG]: 'UNSUPPORTED' }, 'ExplicitDeny'],
  ] as const)('%s (%s), object with %s: %s', (_who, who, _tag, tags, expected) => {
    expect(decision(who, 's3:GetObject', 'upload', FILE, tags)).toBe(expected);
    // Reading an older version is no way around it.
    if (expected === 'ExplicitDeny') expect(decision(who, 's3:GetObjectVersion', 'upload', FILE, tags)).toBe('ExplicitDeny');
  });

  test('GuardDuty (the plan role) reads unscanned objects to scan them; the mover reads infected versions to move them', () => {
    expect(decision('scanner', 's3:GetObject', 'upload', FILE)).toBe('Allow');
    expect(decision('mover', 's3:GetObjectVersion', 'upload', FILE, { [SCAN_TAG]: 'THREATS_FOUND' })).toBe('Allow');
  });

  test('without TLS nobody reads, clean or not', () => {
    expect(decision('app', 's3:GetObject', 'upload', FILE, { [SCAN_TAG]: 'NO_THREATS_FOUND', 'aws:SecureTransport': 'false' })).toBe('ExplicitDeny');
  });
});

describe('uploading (PutObject)', () => {
  test('the app role through a browser POST it signed: allowed', () => {
    expect(decision('app', 's3:PutObject', 'upload', FILE, { 's3:authType': 'POST' })).toBe('Allow');
  });

  test.each(['REST-HEADER', 'REST-QUERY-STRING'])('the app role with %s authentication (no signed size limit): denied', (authType) => {
    expect(decision('app', 's3:PutObject', 'upload', FILE, { 's3:authType': authType })).toBe('ExplicitDeny');
  });

  test('anyone else, even with a POST: denied', () => {
    expect(decision('admin', 's3:PutObject', 'upload', FILE, { 's3:authType': 'POST' })).toBe('ExplicitDeny');
    expect(decision('mover', 's3:PutObject', 'upload', FILE, { 's3:authType': 'POST' })).toBe('ExplicitDeny');
  });

  test('an upload that sets the scan tag itself: denied', () => {
    expect(decision('app', 's3:PutObject', 'upload', FILE, { 's3:authType': 'POST', 's3:RequestObjectTagKeys': ['GuardDutyMalwareScanStatus'] })).toBe('ExplicitDeny');
  });
});

describe('the scan tag', () => {
  test.each(['app', 'admin', 'mover'] as const)('%s cannot write or remove it', (who) => {
    for (const action of ['s3:PutObjectTagging', 's3:PutObjectVersionTagging', 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging']) {
      expect(decision(who, action, 'upload', FILE)).toBe('ExplicitDeny');
    }
  });

  test('GuardDuty (the plan role) writes it', () => {
    expect(decision('scanner', 's3:PutObjectTagging', 'upload', FILE)).toBe('Allow');
  });
});

describe('the quarantine', () => {
  const INFECTED = 'infected/uploads/v1/incoming/x';
  test('only the security role reads it', () => {
    expect(decision('security', 's3:GetObject', 'quarantine', INFECTED)).toBe('Allow');
    for (const who of ['app', 'admin', 'mover', 'scanner'] as const) expect(decision(who, 's3:GetObject', 'quarantine', INFECTED)).not.toBe('Allow');
    expect(decision('admin', 's3:GetObject', 'quarantine', INFECTED)).toBe('ExplicitDeny');
  });

  test('only the mover writes it', () => {
    expect(decision('mover', 's3:PutObject', 'quarantine', INFECTED)).toBe('Allow');
    expect(decision('admin', 's3:PutObject', 'quarantine', INFECTED)).toBe('ExplicitDeny');
    expect(decision('security', 's3:PutObject', 'quarantine', INFECTED)).toBe('ExplicitDeny');
  });
});
