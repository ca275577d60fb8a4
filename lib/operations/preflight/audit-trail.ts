import { DescribeTrailsCommand, Trail } from '@aws-sdk/client-cloudtrail';
import { Check, CheckResult, fail, pass, warn } from '../check';
import { PreflightContext } from './context';

const CHECK = 'cloudtrail';

/** The trail this deployment creates when `audit.createTrail` (lib/stacks/audit-stack.ts). */
export const ownTrailName = (projectName: string) => `${projectName}-audit`;

/**
 * A multi-region or organisation trail already records every management event of the account
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html);
 * a second one doubles the delivery (and, beyond the first copy, its cost) without adding a control.
 */
export function evaluateTrails(trails: readonly Trail[], createTrail: boolean, projectName: string, region: string): CheckResult {
  const covering = trails.filter((t) => (t.IsMultiRegionTrail || t.IsOrganizationTrail) && t.Name !== ownTrailName(projectName));
  const names = covering.map((t) => `${t.Name}${t.IsOrganizationTrail ? ' (organisation)' : ''}`).join(', ');
  if (createTrail && covering.length > 0) {
    return warn(CHECK, `audit.createTrail is true and ${names} already covers the account`, 'Set audit.createTrail false if that trail meets LOG-2 (retention, file validation, immutable bucket); keep it true to hold your own copy.', region);
  }
  if (!createTrail && covering.length === 0) {
    return fail(CHECK, 'audit.createTrail is false and no multi-region or organisation trail covers the account', 'Set audit.createTrail true, or have the organisation trail cover this account (LOG-2).', region);
  }
  return pass(CHECK, createTrail ? 'the stack creates the trail; no other multi-region trail' : `covered by ${names}`, region);
}

export const auditTrailCheck: Check<PreflightContext> = {
  name: CHECK,
  async run({ config, clients }) {
    const region = config.primaryRegion;
    // Shadow trails: multi-region and organisation trails created elsewhere show in every region.
    const out = await clients.client('cloudtrail', region).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    return [evaluateTrails(out.trailList ?? [], config.audit.createTrail, config.projectName, region)] as CheckResult[];
  },
};
