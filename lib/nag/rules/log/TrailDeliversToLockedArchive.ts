import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { designatedResources, props } from '../support';
import { bucketLockedFor } from './retention';

/**
 * LOG-2: the trail delivers to a bucket of the app with Object Lock and a default retention of
 * ≥ 1096 days, so the record can neither be deleted nor rewritten while it is kept.
 */
export function TrailDeliversToLockedArchive(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::CloudTrail::Trail') return NagRuleCompliance.NOT_APPLICABLE;
  const bucket = designatedResources(node, props(node).S3BucketName, ['AWS::S3::Bucket'], ['BucketName'])[0];
  return bucket !== undefined && bucketLockedFor(bucket) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
