import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { LISTENER } from './listeners';
import { literalString } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Security policies that offer TLS 1.3 and accept TLS 1.2 at the lowest (or TLS 1.3 only). */
export const TLS13_POLICY_PATTERN = /^ELBSecurityPolicy-TLS13-1-[23]-/;

/** WEB-3: every HTTPS (or TLS) listener uses a TLS 1.3 security policy with TLS 1.2 as the floor. */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  if (p.Protocol !== 'HTTPS' && p.Protocol !== 'TLS') return NagRuleCompliance.NOT_APPLICABLE;
  return TLS13_POLICY_PATTERN.test(literalString(p.SslPolicy) ?? '') ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const HttpsListenerUsesTls13Policy: HardenedRule = {
  control: 'WEB-3',
  name: 'HttpsListenerUsesTls13Policy',
  resourceTypes: [LISTENER],
  info: 'WEB-3: the HTTPS listener does not use a TLS 1.3 security policy (ELBSecurityPolicy-TLS13-1-2-… or -1-3-…).',
  explanation: 'Older policies accept TLS 1.0/1.1 and weak ciphers.',
  check,
};
