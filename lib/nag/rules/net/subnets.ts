/** Reading subnets' tiers (NET-3, NET-4). */
import { CfnResource } from 'aws-cdk-lib';
import { TIER_TAG } from '../../../core/tier-tag';
import { Scan } from '../../engine/scan';

/**
 * The tier of an AWS::EC2::Subnet: its `hardened:tier` tag; otherwise `firewall` when its
 * construct path names a firewall; otherwise from the L2 VPC's `aws-cdk:subnet-type` tag
 * (Public → public); undefined when unknown.
 */
export function subnetTier(scan: Scan, subnet: CfnResource): string | undefined {
  const tags = scan.tagsOf(subnet);
  if (tags[TIER_TAG]) return tags[TIER_TAG].toLowerCase();
  if (/firewall/i.test(subnet.node.path) || /firewall/i.test(tags['aws-cdk:subnet-name'] ?? '')) return 'firewall';
  if (tags['aws-cdk:subnet-type'] === 'Public') return 'public';
  return undefined;
}
