import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, isInternetFacingAlb, props, refersTo } from '../support';

/** MON-5: availability is visible: a CloudWatch dashboard of the app charts the public ALB (its body references it). */
export function AvailabilityDashboardExists(node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const charted = appResources(node, 'AWS::CloudWatch::Dashboard').some((d) => refersTo(d, props(d).DashboardBody, node));
  return charted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
