/** The bucket policy statements that apply to a bucket (GOV-1, FILE-1). */
import { CfnResource } from 'aws-cdk-lib';
import { literalString } from '../../engine/values';
import { statementsOf } from './policy-statements';
import { Scan } from '../../engine/scan';

/** The statements of every AWS::S3::BucketPolicy of the app attached to `bucket` (by reference or literal name). */
export function bucketPolicyStatements(scan: Scan, bucket: CfnResource): Record<string, any>[] {
  const name = literalString(scan.props(bucket).BucketName);
  return scan.resources('AWS::S3::BucketPolicy')
    .filter((policy) => {
      const target = scan.props(policy).Bucket;
      return scan.refersTo(policy, target, bucket) || (name !== undefined && literalString(target) === name);
    })
    .flatMap((policy) => statementsOf(scan.props(policy).PolicyDocument));
}
