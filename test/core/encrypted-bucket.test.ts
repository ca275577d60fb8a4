import * as s3 from 'aws-cdk-lib/aws-s3';
import { encryptedBucketProps } from '../../lib/core/encrypted-bucket';
import { managedKey } from '../../lib/core/managed-key';
import { blockStack, resourcesOf, templateOf } from './support';

// lib/core/encrypted-bucket.ts: the settings every KMS-encrypted bucket shares (GOV-1, DATA-5).
describe('encryptedBucketProps', () => {
  const stack = blockStack();
  const key = managedKey(stack, 'Key', { purpose: 'bucket', alias: 'hardened/bucket' });
  new s3.Bucket(stack, 'Bucket', encryptedBucketProps(key));
  const template = templateOf(stack);
  const [[keyId]] = resourcesOf(template, 'AWS::KMS::Key');
  const [[bucketId, bucket]] = resourcesOf(template, 'AWS::S3::Bucket');

  test('KMS with the given key and S3 Bucket Keys; versioned; no ACLs; all public access blocked; retained', () => {
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } },
    ]);
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect([bucket.DeletionPolicy, bucket.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  test('the bucket policy denies requests without TLS and with TLS older than 1.2', () => {
    const [[, policy]] = resourcesOf(template, 'AWS::S3::BucketPolicy');
    expect(policy.Properties.Bucket).toEqual({ Ref: bucketId });
    const denies = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Deny').map((s: any) => s.Condition);
    expect(denies).toEqual(expect.arrayContaining([{ Bool: { 'aws:SecureTransport': 'false' } }, { NumericLessThan: { 's3:TlsVersion': 1.2 } }]));
  });
});
