import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What every bucket of the stack keeps whatever its encryption (GOV-1, DATA-5): TLS 1.2+ only, no
 * public access, no ACLs, versioned, retained. Spread it after the bucket's encryption.
 */
export function securedBucketProps(): s3.BucketProps {
  return {
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

/**
 * The settings every KMS-encrypted bucket of the stack shares: `securedBucketProps` with a
 * customer-managed key and S3 Bucket Keys. Spread it first and add the bucket's own logging,
 * lifecycle and locks.
 */
export function encryptedBucketProps(key: kms.IKey): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    ...securedBucketProps(),
  };
}
