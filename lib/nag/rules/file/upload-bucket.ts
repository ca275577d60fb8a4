/** The upload bucket of received files (FILE-1). */
import { CfnResource } from 'aws-cdk-lib';
import { PURPOSE_TAG, UPLOAD_PURPOSE } from '../../../core/purpose-tag';
import { Scan } from '../../engine/scan';

/** Whether a resource is an S3 bucket tagged `hardened:purpose` = `upload`. */
export function isUploadBucket(scan: Scan, node: CfnResource): boolean {
  return node.cfnResourceType === 'AWS::S3::Bucket' && scan.tagsOf(node)[PURPOSE_TAG] === UPLOAD_PURPOSE;
}
