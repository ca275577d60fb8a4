import { AccessLogBucket, CANARY_RUNS_PREFIX } from '../../lib/audit/access-log-bucket';
import { blockStack, resourcesOf, templateOf } from '../core/support';

// lib/audit/access-log-bucket.ts: destination of S3 server-access logs, ALB logs and canary runs (LOG-3).
describe('AccessLogBucket', () => {
  const stack = blockStack();
  new AccessLogBucket(stack, 'AccessLogs', { retentionDays: 1200 });
  const template = templateOf(stack);
  const [[bucketId, bucket]] = resourcesOf(template, 'AWS::S3::Bucket');
  const p = bucket.Properties;

  test('SSE-S3 encrypted (what the delivery services can write), versioned, private, owner-enforced, retained by cdk destroy', () => {
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('the bucket policy denies any request without TLS or below TLS 1.2', () => {
    const [[, policy]] = resourcesOf(template, 'AWS::S3::BucketPolicy');
    expect(policy.Properties.Bucket).toEqual({ Ref: bucketId });
    const denies = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Deny' && s.Principal?.AWS === '*' && s.Action === 's3:*');
    expect(denies.map((s: any) => s.Condition)).toEqual([{ Bool: { 'aws:SecureTransport': 'false' } }, { NumericLessThan: { 's3:TlsVersion': 1.2 } }]);
  });

  test('objects are kept the configured days (current and noncurrent); canary runs expire within a month', () => {
    const rules = Object.fromEntries(p.LifecycleConfiguration.Rules.map((r: any) => [r.Id, r]));
    expect(rules['tier-then-expire']).toMatchObject({ Status: 'Enabled', ExpirationInDays: 1200, NoncurrentVersionExpiration: { NoncurrentDays: 1200 } });
    expect(rules['tier-then-expire'].Prefix).toBeUndefined();
    const canary = rules['expire-canary-runs'];
    expect(canary.Prefix).toBe(`${CANARY_RUNS_PREFIX}/`);
    expect(canary.ExpirationInDays).toBeLessThanOrEqual(31);
    // Older data only moves to cheaper storage before it expires, never beyond.
    for (const t of rules['tier-then-expire'].Transitions) expect(t.TransitionInDays).toBeLessThan(1200);
  });
});
