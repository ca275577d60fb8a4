import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { LISTENER } from './listeners';
import { isObject, isTrue } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * WEB-4: where client certificates are used (mutual TLS is optional by authentication pattern),
 * the ALB verifies them against a trust store and does not accept expired ones. `passthrough`
 * hands an unverified certificate to the application and is reported. Not applicable to a
 * listener without mutual authentication (absent or `off`).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const mtls = scan.props(node).MutualAuthentication;
  if (!isObject(mtls) || mtls.Mode === undefined || mtls.Mode === 'off') return NagRuleCompliance.NOT_APPLICABLE;
  return mtls.Mode === 'verify' && mtls.TrustStoreArn !== undefined && !isTrue(mtls.IgnoreClientCertificateExpiry)
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}

export const MutualTlsVerifiesClients: HardenedRule = {
  control: 'WEB-4',
  name: 'MutualTlsVerifiesClients',
  resourceTypes: [LISTENER],
  info: 'WEB-4: the listener uses mutual TLS without verifying client certificates against a trust store (verify mode, expiry not ignored).',
  explanation: 'A client certificate is a second factor only if the load balancer verifies it.',
  check,
};
