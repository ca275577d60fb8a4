import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { expectFlagged, expectNotFlagged, newStack, siblingStack } from './nag-test-helpers';

describe('GOV-1 BucketEncrypted', () => {
  const id = 'Hardened-GOV-1-BucketEncrypted';
  test('flags a bucket without default encryption', () => expectFlagged(new s3.CfnBucket(newStack(), 'Bucket'), id));
  test('passes a KMS-encrypted bucket', () => expectNotFlagged(new s3.Bucket(newStack(), 'Bucket', { encryption: s3.BucketEncryption.KMS }), id));
});

describe('GOV-1 BucketBlocksPublicAccess', () => {
  const id = 'Hardened-GOV-1-BucketBlocksPublicAccess';
  test('flags a bucket that allows public policies', () => {
    const blockPublicAccess = new s3.BlockPublicAccess({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: true });
    expectFlagged(new s3.Bucket(newStack(), 'Bucket', { blockPublicAccess }), id);
  });
  test('passes a bucket blocking all public access', () => {
    expectNotFlagged(new s3.Bucket(newStack(), 'Bucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL }), id);
  });
});

describe('GOV-1 BucketRequiresTls', () => {
  const id = 'Hardened-GOV-1-BucketRequiresTls';
  test('flags a bucket without a TLS-only policy', () => expectFlagged(new s3.Bucket(newStack(), 'Bucket'), id));
  test('passes a bucket enforcing SSL', () => expectNotFlagged(new s3.Bucket(newStack(), 'Bucket', { enforceSSL: true }), id));
  test('passes a bucket whose TLS-only policy sits in another stack', () => {
    const data = newStack('Data');
    const bucket = new s3.CfnBucket(data, 'Bucket');
    new s3.CfnBucketPolicy(siblingStack(data, 'Policies'), 'Policy', {
      bucket: bucket.ref,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Resource: [bucket.attrArn, `${bucket.attrArn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    });
    expectNotFlagged(bucket, id);
  });
});

describe('GOV-1 KmsKeyRotationEnabled', () => {
  const id = 'Hardened-GOV-1-KmsKeyRotationEnabled';
  test('flags a symmetric key without rotation', () => expectFlagged(new kms.Key(newStack(), 'Key'), id));
  test('passes a rotating key', () => expectNotFlagged(new kms.Key(newStack(), 'Key', { enableKeyRotation: true }), id));
  test('does not apply to an asymmetric key', () => {
    expectNotFlagged(new kms.Key(newStack(), 'Signing', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY }), id);
  });
});
