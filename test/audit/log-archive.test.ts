import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { resourcesOfType, templateJson } from '../support/assembly';

// lib/audit/log-archive.ts in the default app (LOG-1, LOG-4): the locked archive of firewall and trail logs.
const audit = () => templateJson('Audit');

describe('the log archive', () => {
  test('the archive is Object-Locked (COMPLIANCE by default in production) for ≥ 1096 days, KMS-encrypted with a rotating key, expiry not before the lock ends', () => {
    const [[, bucket]] = resourcesOfType(audit(), 'AWS::S3::Bucket').filter(([id]) => id.startsWith('LogArchiveBucket'));
    expect(bucket.Properties.ObjectLockEnabled).toBe(true);
    expect(bucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 1096 });
    const encryption = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
    expect(encryption.SSEAlgorithm).toBe('aws:kms');
    const keyId = encryption.KMSMasterKeyID['Fn::GetAtt'][0];
    expect(audit().Resources[keyId].Properties.EnableKeyRotation).toBe(true);
    for (const rule of bucket.Properties.LifecycleConfiguration.Rules) {
      if (rule.ExpirationInDays !== undefined) expect(rule.ExpirationInDays).toBeGreaterThanOrEqual(1096);
    }
  });

  test('log delivery is admitted only from this account', () => {
    const [[, policy]] = resourcesOfType(audit(), 'AWS::S3::BucketPolicy').filter(([id]) => id.startsWith('LogArchive'));
    const delivery = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Principal?.Service === 'delivery.logs.amazonaws.com');
    expect(delivery.length).toBeGreaterThan(0);
    for (const s of delivery) expect(s.Condition.StringEquals['aws:SourceAccount']).toBe(DEFAULT_CONFIG.account);
  });
});
