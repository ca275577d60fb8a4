import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { bucketLockedFor } from './retention';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * LOG-2: the trail delivers to a bucket of the app with Object Lock and a default retention of
 * ≥ 1096 days, so the record can neither be deleted nor rewritten while it is kept.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const bucket = scan.designatedResources(node, scan.props(node).S3BucketName, ['AWS::S3::Bucket'], ['BucketName'])[0];
  return bucket !== undefined && bucketLockedFor(scan, bucket) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const TrailDeliversToLockedArchive: HardenedRule = {
  control: 'LOG-2',
  name: 'TrailDeliversToLockedArchive',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  info: 'LOG-2: the CloudTrail trail does not deliver to an Object Lock bucket retaining ≥ 1096 days.',
  explanation: 'A record that can be deleted or rewritten proves nothing; the locked archive keeps it unchanged.',
  check,
};
