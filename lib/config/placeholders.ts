import { overlaps, parseCidr } from '../../lambda/shared/cidr';
import { PLACEHOLDER_ACCOUNT } from './defaults';
import { HardenedConfig } from './types';

/**
 * Values that synthesize offline but must not deploy: the documentation account, a certificate
 * that cannot exist, example domains and documentation address ranges. They are allowed (the
 * embedded default is made of them, so synth works with no AWS variables), listed as UNSET in
 * the synth summary, and refused by a deployment preflight.
 */
export interface Placeholder {
  /** The configuration field holding it, e.g. `edge.certificate.certificateArn`. */
  readonly field: string;
  readonly value: unknown;
  /** What a real deployment puts there. */
  readonly replaceWith: string;
}

// RFC 2606 / RFC 6761: names reserved for documentation and testing, never a real site.
const RESERVED_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/;
// RFC 5737 (IPv4) and RFC 3849 (IPv6) documentation ranges: nobody's real address.
const DOCUMENTATION_RANGES = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'].map((c) => parseCidr(c)!);
const CERTIFICATE_ARN = /^arn:[^:]+:acm:[^:]*:(\d{12}):certificate\/(.+)$/;

/** Every placeholder `config` still holds, in field order; empty for a configuration ready to deploy. */
export function placeholdersInUse(config: HardenedConfig): Placeholder[] {
  const found: Placeholder[] = [];
  const add = (field: string, value: unknown, replaceWith: string) => found.push({ field, value, replaceWith });

  if (config.account === PLACEHOLDER_ACCOUNT) add('account', config.account, 'the 12-digit id of the account to deploy to');

  const certificate = config.edge?.certificate ?? {};
  const arn = typeof certificate.certificateArn === 'string' ? CERTIFICATE_ARN.exec(certificate.certificateArn) : null;
  if (arn && (arn[1] === PLACEHOLDER_ACCOUNT || /^[0-]+$/.test(arn[2]))) {
    add(
      'edge.certificate.certificateArn',
      certificate.certificateArn,
      `the ARN of your ACM certificate in ${config.primaryRegion}, or null with domainName + hostedZoneId + hostedZoneName for a DNS-validated one`,
    );
  }
  if (typeof certificate.domainName === 'string' && RESERVED_DOMAIN.test(certificate.domainName)) {
    add('edge.certificate.domainName', certificate.domainName, "your site's domain name");
  }
  if (typeof certificate.hostedZoneName === 'string' && RESERVED_DOMAIN.test(certificate.hostedZoneName)) {
    add('edge.certificate.hostedZoneName', certificate.hostedZoneName, 'the name of your Route 53 hosted zone');
  }
  if (typeof certificate.hostedZoneId === 'string' && /EXAMPLE/.test(certificate.hostedZoneId)) {
    add('edge.certificate.hostedZoneId', certificate.hostedZoneId, 'the id of your Route 53 hosted zone');
  }

  const lists: [string, unknown, string][] = [
    ['edge.adminAllowlist', config.edge?.adminAllowlist, "your administrators' addresses"],
    ['edge.siteAllowlist', config.edge?.siteAllowlist, "your users' addresses"],
    ['threat.neverBlock', config.threat?.neverBlock, 'addresses that must never be blocked (offices, health checkers)'],
  ];
  for (const [field, list, replaceWith] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((entry, i) => {
      const cidr = typeof entry === 'string' ? parseCidr(entry) : undefined;
      if (cidr && DOCUMENTATION_RANGES.some((range) => range.version === cidr.version && overlaps(range, cidr))) {
        add(`${field}[${i}]`, entry, `${replaceWith} (this is a documentation range, RFC 5737/3849)`);
      }
    });
  }
  return found;
}

/** One line per placeholder: `UNSET account = "123456789012" → the 12-digit id …`. */
export function formatPlaceholders(placeholders: readonly Placeholder[]): string[] {
  return placeholders.map((p) => `UNSET ${p.field} = ${JSON.stringify(p.value)} → ${p.replaceWith}`);
}
