/**
 * IPv4 and IPv6 addresses and CIDR blocks as numbers, with no dependencies: used both by the
 * configuration validator (synth time) and by the IP blocker function (run time), so the two
 * agree on what an address and a range are.
 */

export type IpVersion = 4 | 6;

export interface Cidr {
  readonly version: IpVersion;
  /** First address of the block, as an unsigned integer. */
  readonly network: bigint;
  readonly prefixLength: number;
  /** The block in canonical text form (host bits cleared, IPv6 compressed). */
  readonly text: string;
}

const IPV4_BITS = 32;
const IPV6_BITS = 128;

/** Parses a dotted IPv4 address; undefined if it is not one (no leading zeros, 4 octets). */
export function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** Parses an IPv6 address (with `::` compression and an optional dotted IPv4 tail). */
export function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  const head = toGroups(halves[0]);
  const tail = halves.length === 2 ? toGroups(halves[1]) : [];
  if (!head || !tail) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
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
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** RFC 5952 text: lower case, longest run of zero groups compressed. */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
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

/** True when `address` (same version) lies inside `cidr`. */
export function contains(cidr: Cidr, version: IpVersion, address: bigint): boolean {
  return cidr.version === version && address >= cidr.network && address <= lastAddress(cidr);
}
