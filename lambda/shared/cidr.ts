/**
 * IPv4 and IPv6 addresses and CIDR blocks as numbers: used both by the configuration validator
 * (synth time) and by the IP blocker function (run time), so the two agree on what an address and
 * a range are. Which text is an address, its canonical form and IPv4-mapped detection come from
 * ipaddr.js (a well-kept parser; a security decision should not rest on a hand-written one); this
 * module only adds the strictness the blocker needs and the integer form for range arithmetic.
 */
import * as ipaddr from 'ipaddr.js';

export type IpVersion = 4 | 6;

export interface Cidr {
  readonly version: IpVersion;
  /** First address of the block, as an unsigned integer. */
  readonly network: bigint;
  readonly prefixLength: number;
  /** The block in canonical text form (host bits cleared, IPv6 compressed per RFC 5952). */
  readonly text: string;
}

const IPV4_BITS = 32;
const IPV6_BITS = 128;
/** The longest IPv6 text (8 groups of 4 digits with an IPv4 tail is 45 characters). */
const MAX_IPV6_TEXT = 45;

const toBigInt = (bytes: readonly number[]): bigint => bytes.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

const toBytes = (value: bigint, count: number): number[] => {
  const bytes: number[] = [];
  for (let i = count - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return bytes;
};

/**
 * Parses a dotted IPv4 address; undefined if it is not exactly four decimal octets without
 * leading zeros. ipaddr.js's general parser also takes `127.1`, `0x7f.0.0.1` and octal parts,
 * which no finding or configuration means as an address.
 */
export function parseIpv4(text: string): bigint | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  return toBigInt(ipaddr.IPv4.parse(text).toByteArray());
}

/**
 * Parses an IPv6 address (with `::` compression and an optional dotted IPv4 tail). A zone id
 * (`fe80::1%eth0`) names an interface of one host, not an internet address: refused.
 */
export function parseIpv6(text: string): bigint | undefined {
  if (text.length > MAX_IPV6_TEXT) return undefined;
  // A dotted tail must be a strict IPv4 address too (ipaddr.js takes `01.2.3.4` and `0x7f.0.0.1`).
  const tail = text.slice(text.lastIndexOf(':') + 1);
  if (tail.includes('.') && !ipaddr.IPv4.isValidFourPartDecimal(tail)) return undefined;
  // ipaddr.js reads the deprecated IPv4-compatible form `::a.b.c.d` as IPv4-mapped
  // (::ffff:a.b.c.d); RFC 4291 section 2.5.5.1 gives it the value ::a.b.c.d (outside global
  // unicast, so never blocked). With an explicit zero group it is parsed as written.
  const spelled = tail.includes('.') && /^::[^:]*$/.test(text) ? `::0:${tail}` : text;
  if (!ipaddr.IPv6.isValid(spelled)) return undefined;
  const address = ipaddr.IPv6.parse(spelled);
  if (address.zoneId !== undefined) return undefined;
  return toBigInt(address.toByteArray());
}

/** Parses a bare address of either version. */
export function parseAddress(text: string): { version: IpVersion; value: bigint } | undefined {
  const trimmed = text.trim();
  const v4 = parseIpv4(trimmed);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(trimmed);
  if (v6 !== undefined) return { version: 6, value: v6 };
  return undefined;
}

export function formatIpv4(value: bigint): string {
  return ipaddr.fromByteArray(toBytes(value, 4)).toString();
}

/** RFC 5952 text: lower case, longest run of zero groups compressed. */
export function formatIpv6(value: bigint): string {
  return (ipaddr.fromByteArray(toBytes(value, 16)) as ipaddr.IPv6).toRFC5952String();
}

function bitsOf(version: IpVersion): number {
  return version === 4 ? IPV4_BITS : IPV6_BITS;
}

/**
 * Parses `address/prefix` (or a bare address, taken as a single host). Returns undefined for
 * anything malformed, including host bits set beyond the prefix when `strict` is on.
 */
export function parseCidr(text: string, options: { strict?: boolean } = {}): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const address = parseAddress(addressText);
  if (!address) return undefined;
  const bits = bitsOf(address.version);
  let prefixLength = bits;
  if (slash >= 0) {
    // Decimal without leading zeros: ipaddr.js's CIDR parser would take `/024` as 24.
    const prefixText = trimmed.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return undefined;
    prefixLength = Number(prefixText);
    if (prefixLength > bits) return undefined;
  }
  const hostBits = BigInt(bits - prefixLength);
  const network = (address.value >> hostBits) << hostBits;
  if (options.strict && network !== address.value) return undefined;
  const format = address.version === 4 ? formatIpv4 : formatIpv6;
  return { version: address.version, network, prefixLength, text: `${format(network)}/${prefixLength}` };
}

/** Last address of the block. */
export function lastAddress(cidr: Cidr): bigint {
  const hostBits = BigInt(bitsOf(cidr.version) - cidr.prefixLength);
  return cidr.network + (1n << hostBits) - 1n;
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false;
  return a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

