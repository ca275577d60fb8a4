import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { GetHostedZoneCommand } from '@aws-sdk/client-route-53';
import { DEFAULT_CONFIG } from '../../config/defaults';
import type { CertificateConfig } from '../../config/types';
import { Check, CheckResult, fail, pass, warn } from '../check';
import { PreflightContext } from './context';

const PLACEHOLDER_DOMAIN = DEFAULT_CONFIG.edge.certificate.domainName;
const PLACEHOLDER_ARN = DEFAULT_CONFIG.edge.certificate.certificateArn;
/** ACM starts renewing 60 days before expiry; an imported certificate is never renewed. */
const EXPIRY_WARNING_DAYS = 30;

/**
 * Whether a certificate name covers a host name. A wildcard covers exactly one label at its
 * position: `*.example.com` covers `app.example.com`, not `example.com` nor `a.b.example.com`
 * (https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html#wildcard-names).
 */
export function nameCovers(certificateName: string, host: string): boolean {
  const name = certificateName.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!name.startsWith('*.')) return name === h;
  const suffix = name.slice(1); // ".example.com"
  return h.endsWith(suffix) && h.length > suffix.length && !h.slice(0, -suffix.length).includes('.');
}

/** The site name must be configured and not the placeholder: the canary, DNS and sign-in use it. */
export function evaluateSiteName(domainName: string | undefined): CheckResult {
  if (!domainName) return fail('site name', 'edge.certificate.domainName is not set', 'Set edge.certificate.domainName to the name customers use (the certificate must cover it).');
  if (domainName === PLACEHOLDER_DOMAIN) {
    return fail('site name', `edge.certificate.domainName is the placeholder ${PLACEHOLDER_DOMAIN}`, 'Set edge.certificate.domainName to your site name (the canary probes it, sign-in calls back to it).');
  }
  return pass('site name', domainName);
}

export interface CertificateFacts {
  readonly arn: string;
  /** DescribeCertificate's answer, undefined when the certificate does not exist. */
  readonly status?: string;
  readonly names?: readonly string[];
  readonly notAfter?: Date;
}

export function certificateRegion(arn: string): string | undefined {
  return /^arn:[^:]+:acm:([^:]+):/.exec(arn)?.[1];
}

/** ISSUED, in the primary region (an ALB takes only certificates of its own region), covering the site name. */
export function evaluateCertificate(facts: CertificateFacts, domainName: string | undefined, primaryRegion: string, now: Date): CheckResult {
  const check = 'certificate';
  if (facts.arn === PLACEHOLDER_ARN) return fail(check, 'edge.certificate.certificateArn is the placeholder ARN', 'Set edge.certificate.certificateArn to an ISSUED ACM certificate of the primary region, or configure hostedZoneId + hostedZoneName for DNS validation.');
  const region = certificateRegion(facts.arn);
  if (region !== primaryRegion) {
    return fail(check, `certificate is in ${region ?? 'an unparsable ARN'}, the load balancer in ${primaryRegion}`, `Request or import the certificate in ${primaryRegion} (an ALB uses certificates of its own region only).`, primaryRegion);
  }
  if (facts.status === undefined) return fail(check, `${facts.arn} not found`, 'Check edge.certificate.certificateArn (account and region) or request the certificate in ACM.', primaryRegion);
  if (facts.status !== 'ISSUED') {
    return fail(check, `status ${facts.status}`, facts.status === 'PENDING_VALIDATION' ? 'Create the DNS validation records ACM shows for the certificate, and wait for ISSUED.' : 'Request a new certificate; this one cannot be used.', primaryRegion);
  }
  if (domainName && !(facts.names ?? []).some((n) => nameCovers(n, domainName))) {
    return fail(check, `covers ${(facts.names ?? []).join(', ')}, not ${domainName}`, `Use a certificate whose name or SAN covers ${domainName}.`, primaryRegion);
  }
  const days = facts.notAfter ? Math.floor((facts.notAfter.getTime() - now.getTime()) / 86_400_000) : undefined;
  if (days !== undefined && days < EXPIRY_WARNING_DAYS) {
    return warn(check, `ISSUED, covers ${domainName}, expires in ${days} days`, 'Renew or re-import the certificate before it expires (an imported certificate is not renewed by ACM).', primaryRegion);
  }
  return pass(check, `ISSUED, covers ${domainName}${days !== undefined ? `, ${days} days left` : ''}`, primaryRegion);
}

export interface HostedZoneFacts {
  readonly id: string;
  /** The zone's name as Route 53 returns it, undefined when there is no such zone. */
  readonly name?: string;
}

const bare = (n: string) => n.toLowerCase().replace(/\.$/, '');

/** The configured zone exists, its name is the configured one, and the site name is inside it. */
export function evaluateHostedZone(facts: HostedZoneFacts, configuredName: string | undefined, domainName: string | undefined): CheckResult {
  const check = 'hosted zone';
  if (facts.name === undefined) return fail(check, `zone ${facts.id} not found`, 'Set edge.certificate.hostedZoneId to a public hosted zone of this account.');
  if (configuredName && bare(configuredName) !== bare(facts.name)) {
    return fail(check, `zone ${facts.id} is ${bare(facts.name)}, configured as ${configuredName}`, 'Make edge.certificate.hostedZoneName the zone\'s name exactly.');
  }
  if (domainName && bare(domainName) !== bare(facts.name) && !bare(domainName).endsWith(`.${bare(facts.name)}`)) {
    return fail(check, `${domainName} is not in zone ${bare(facts.name)}`, 'Pick a zone that contains the site name, or a site name inside the zone.');
  }
  return pass(check, `${facts.id} is ${bare(facts.name)}`);
}

export const certificateCheck: Check<PreflightContext> = {
  name: 'certificate',
  async run({ config, clients, now }) {
    const cert: CertificateConfig = config.edge.certificate;
    const results: CheckResult[] = [evaluateSiteName(cert.domainName)];
    if (cert.certificateArn) {
      const region = certificateRegion(cert.certificateArn) ?? config.primaryRegion;
      const facts: CertificateFacts =
        cert.certificateArn === PLACEHOLDER_ARN
          ? { arn: cert.certificateArn }
          : await clients
              .client('acm', region)
              .send(new DescribeCertificateCommand({ CertificateArn: cert.certificateArn }))
              .then(
                (o) => ({
                  arn: cert.certificateArn!,
                  status: o.Certificate?.Status,
                  names: [...new Set([o.Certificate?.DomainName, ...(o.Certificate?.SubjectAlternativeNames ?? [])].filter((n): n is string => !!n))],
                  notAfter: o.Certificate?.NotAfter,
                }),
                (e: Error) => (e.name === 'ResourceNotFoundException' ? { arn: cert.certificateArn! } : Promise.reject(e)),
              );
      results.push(evaluateCertificate(facts, cert.domainName, config.primaryRegion, now));
    }
    if (cert.hostedZoneId) {
      const name = await clients
        .client('route53', config.primaryRegion)
        .send(new GetHostedZoneCommand({ Id: cert.hostedZoneId }))
        .then((o) => o.HostedZone?.Name, (e: Error) => (e.name === 'NoSuchHostedZone' ? undefined : Promise.reject(e)));
      results.push(evaluateHostedZone({ id: cert.hostedZoneId, name }, cert.hostedZoneName, cert.domainName));
    }
    if (!cert.certificateArn && !cert.hostedZoneId) {
      results.push(fail('certificate', 'neither edge.certificate.certificateArn nor hostedZoneId is set', 'Give an ACM certificate ARN, or a hosted zone for DNS validation.'));
    }
    return results;
  },
};
