import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { literalString, props } from '../support';
import { LISTENER } from './listeners';

/** Security policies that offer TLS 1.3 and accept TLS 1.2 at the lowest (or TLS 1.3 only). */
export const TLS13_POLICY_PATTERN = /^ELBSecurityPolicy-TLS13-1-[23]-/;

/** WEB-3: every HTTPS (or TLS) listener uses a TLS 1.3 security policy with TLS 1.2 as the floor. */
export function HttpsListenerUsesTls13Policy(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== LISTENER) return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  if (p.Protocol !== 'HTTPS' && p.Protocol !== 'TLS') return NagRuleCompliance.NOT_APPLICABLE;
  return TLS13_POLICY_PATTERN.test(literalString(p.SslPolicy) ?? '') ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
