import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { CertificateConfig } from '../config/types';

/**
 * The site's server certificate (WEB-3), without any lookup so that synthesis stays offline:
 * - an existing ACM certificate by ARN, or
 * - a new ACM certificate for `domainName`, DNS-validated in the given Route 53 hosted zone
 *   (a native CloudFormation validation; no custom resource).
 */
export function serverCertificate(scope: Construct, id: string, config: CertificateConfig): acm.ICertificate {
  if (config.certificateArn !== undefined) {
    return acm.Certificate.fromCertificateArn(scope, id, config.certificateArn);
  }
  const missing = (['domainName', 'hostedZoneId', 'hostedZoneName'] as const).filter((k) => !config[k]);
  if (missing.length > 0) {
    throw new Error(
      `Server certificate: no edge.certificate.certificateArn, so DNS validation needs ${missing.map((k) => `edge.certificate.${k}`).join(', ')}. ` +
        'Give either an ACM certificate ARN, or domainName + hostedZoneId + hostedZoneName.',
    );
  }
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(scope, `${id}Zone`, {
    hostedZoneId: config.hostedZoneId!,
    zoneName: config.hostedZoneName!,
  });
  return new acm.Certificate(scope, id, {
    domainName: config.domainName!,
    validation: acm.CertificateValidation.fromDns(hostedZone),
  });
}
