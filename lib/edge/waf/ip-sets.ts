import { CfnIPSet } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { parseCidr } from '../../../lambda/shared/cidr';

/** A list of CIDR blocks split by address family, in the canonical form WAF expects ("a.b.c.d/n"). */
export interface CidrsByFamily {
  readonly ipv4: string[];
  readonly ipv6: string[];
}

/**
 * Splits CIDR blocks by family (a WAF IP set holds one family only) and canonicalises them: a bare
 * address becomes a /32 or /128, IPv6 is compressed. Throws on anything WAF would reject: malformed
 * blocks and /0 (WAF refuses it, and it would mean "the whole internet" anyway).
 */
export function splitCidrsByFamily(field: string, cidrs: readonly string[]): CidrsByFamily {
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  const problems: string[] = [];
  cidrs.forEach((text, i) => {
    const cidr = parseCidr(text, { strict: true });
    if (!cidr) problems.push(`${field}[${i}]: got ${JSON.stringify(text)}; allowed: an IPv4 or IPv6 CIDR block with no host bits set`);
    else if (cidr.prefixLength === 0) problems.push(`${field}[${i}]: got ${JSON.stringify(text)}; allowed: a specific range (WAF rejects /0)`);
    else (cidr.version === 4 ? ipv4 : ipv6).push(cidr.text);
  });
  if (problems.length > 0) throw new Error(`Invalid CIDR blocks:\n  - ${problems.join('\n  - ')}`);
  return { ipv4: [...new Set(ipv4)], ipv6: [...new Set(ipv6)] };
}

export interface AllowlistIpSetsProps {
  /** Physical name prefix; the sets are named `<namePrefix>-ipv4` and `<namePrefix>-ipv6`. */
  readonly namePrefix: string;
  /** What the set is for, shown in the console. */
  readonly description: string;
  /** The CIDR blocks, already split by family. */
  readonly cidrs: CidrsByFamily;
}

/**
 * One REGIONAL IP set per address family that has addresses (an allowlist that is empty for a
 * family simply admits nobody of that family, so no set is created for it).
 */
export function allowlistIpSets(scope: Construct, idPrefix: string, props: AllowlistIpSetsProps): CfnIPSet[] {
  const sets: CfnIPSet[] = [];
  for (const [family, addresses] of [['Ipv4', props.cidrs.ipv4], ['Ipv6', props.cidrs.ipv6]] as const) {
    if (addresses.length === 0) continue;
    sets.push(
      new CfnIPSet(scope, `${idPrefix}${family}`, {
        name: `${props.namePrefix}-${family.toLowerCase()}`,
        description: props.description,
        scope: 'REGIONAL',
        ipAddressVersion: family.toUpperCase(),
        addresses: [...addresses],
      }),
    );
  }
  return sets;
}

/**
 * An IP set that CloudFormation creates empty and never changes: its addresses belong to a
 * function that maintains them at run time (UpdateIPSet with the current lock token). The
 * template's list is the constant `[]` on purpose: any CloudFormation update of the set writes the
 * template's list back, so a non-empty or changing list would silently undo the function's work.
 */
export function runtimeManagedIpSet(scope: Construct, id: string, props: { readonly name: string; readonly description: string; readonly family: 'IPV4' | 'IPV6' }): CfnIPSet {
  return new CfnIPSet(scope, id, {
    name: props.name,
    description: props.description,
    scope: 'REGIONAL',
    ipAddressVersion: props.family,
    addresses: [],
  });
}
