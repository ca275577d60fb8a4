/** The bucket policy statements that apply to a bucket (GOV-1, FILE-1). */
import { CfnResource } from 'aws-cdk-lib';
import { appResources, literalString, props, refersTo, statementsOf } from '../support';

/** The statements of every AWS::S3::BucketPolicy of the app attached to `bucket` (by reference or literal name). */
export function bucketPolicyStatements(bucket: CfnResource): Record<string, any>[] {
  const name = literalString(props(bucket).BucketName);
  return appResources(bucket, 'AWS::S3::BucketPolicy')
    .filter((policy) => {
      const target = props(policy).Bucket;
      return refersTo(policy, target, bucket) || (name !== undefined && literalString(target) === name);
    })
    .flatMap((policy) => statementsOf(props(policy).PolicyDocument));
}
