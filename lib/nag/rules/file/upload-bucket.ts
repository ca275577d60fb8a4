/** The upload bucket of received files (FILE-1). */
import { CfnResource } from 'aws-cdk-lib';
import { tagsOf } from '../support';

/** The tag that marks the bucket receiving files from outside. */
export const PURPOSE_TAG = 'hardened:purpose';
export const UPLOAD_PURPOSE = 'upload';

/** Whether a resource is an S3 bucket tagged `hardened:purpose` = `upload`. */
export function isUploadBucket(node: CfnResource): boolean {
  return node.cfnResourceType === 'AWS::S3::Bucket' && tagsOf(node)[PURPOSE_TAG] === UPLOAD_PURPOSE;
}
