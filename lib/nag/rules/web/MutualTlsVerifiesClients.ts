import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, isTrue, props } from '../support';
import { LISTENER } from './listeners';

/**
 * WEB-4: where client certificates are used (mutual TLS is optional by authentication pattern),
 * the ALB verifies them against a trust store and does not accept expired ones. `passthrough`
 * hands an unverified certificate to the application and is reported. Not applicable to a
 * listener without mutual authentication (absent or `off`).
 */
export function MutualTlsVerifiesClients(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== LISTENER) return NagRuleCompliance.NOT_APPLICABLE;
  const mtls = props(node).MutualAuthentication;
  if (!isObject(mtls) || mtls.Mode === undefined || mtls.Mode === 'off') return NagRuleCompliance.NOT_APPLICABLE;
  return mtls.Mode === 'verify' && mtls.TrustStoreArn !== undefined && !isTrue(mtls.IgnoreClientCertificateExpiry)
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
