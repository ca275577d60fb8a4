import { Stack } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { expectFlagged, expectNotFlagged, newStack } from './nag-test-helpers';

/** An upload bucket, tagged the way the stack tags it (the tag is set directly: no synthesis, no aspects). */
function uploadBucket(stack: Stack) {
  const bucket = new s3.Bucket(stack, 'Uploads', { enforceSSL: true });
  (bucket.node.defaultChild as s3.CfnBucket).tags.setTag('hardened:purpose', 'upload');
  return bucket;
}

function malwarePlan(stack: Stack, bucket: s3.IBucket, tagging = 'ENABLED') {
  return new guardduty.CfnMalwareProtectionPlan(stack, 'Scan', {
    role: 'arn:aws:iam::111111111111:role/malware-protection',
    protectedResource: { s3Bucket: { bucketName: bucket.bucketName } },
    actions: { tagging: { status: tagging } },
  });
}

describe('FILE-1 UploadBucketScannedForMalware', () => {
  const id = 'Hardened-FILE-1-UploadBucketScannedForMalware';
  test('flags an upload bucket without a malware protection plan', () => expectFlagged(uploadBucket(newStack()), id));
  test('flags a plan that does not tag scanned objects', () => {
    const stack = newStack();
    const bucket = uploadBucket(stack);
    malwarePlan(stack, bucket, 'DISABLED');
    expectFlagged(bucket, id);
  });
  test('passes an upload bucket scanned with tagging', () => {
    const stack = newStack();
    const bucket = uploadBucket(stack);
    malwarePlan(stack, bucket);
    expectNotFlagged(bucket, id);
  });
  test('does not apply to other buckets', () => expectNotFlagged(new s3.Bucket(newStack(), 'Other'), id));
});

describe('FILE-1 UploadBucketReadableOnlyWhenClean', () => {
  const id = 'Hardened-FILE-1-UploadBucketReadableOnlyWhenClean';
  test('flags an upload bucket readable before scanning', () => expectFlagged(uploadBucket(newStack()), id));
  test('passes an upload bucket that denies reads of objects not tagged clean', () => {
    const stack = newStack();
    const bucket = uploadBucket(stack);
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': 'NO_THREATS_FOUND' } },
      }),
    );
    expectNotFlagged(bucket, id);
  });
  test('flags an upload bucket whose deny also lets unscannable (UNSUPPORTED) files be read', () => {
    const stack = newStack();
    const bucket = uploadBucket(stack);
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': ['NO_THREATS_FOUND', 'UNSUPPORTED'] } },
      }),
    );
    expectFlagged(bucket, id);
  });
  test('does not apply to other buckets', () => expectNotFlagged(new s3.Bucket(newStack(), 'Other'), id));
});
