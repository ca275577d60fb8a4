import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isInternetFacingAlb } from '../web/load-balancers';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** MON-5: availability is visible: a CloudWatch dashboard of the app charts the public ALB (its body references it). */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isInternetFacingAlb(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const charted = scan.resources('AWS::CloudWatch::Dashboard').some((d) => scan.refersTo(d, scan.props(d).DashboardBody, node));
  return charted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const AvailabilityDashboardExists: HardenedRule = {
  control: 'MON-5',
  name: 'AvailabilityDashboardExists',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  info: 'MON-5: no CloudWatch dashboard charts the public load balancer.',
  explanation: 'Availability must be visible to operators, not only alarmed.',
  check,
};
