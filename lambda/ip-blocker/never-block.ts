import { Cidr, IpVersion, formatIpv4, formatIpv6, lastAddress, parseAddress, parseCidr } from '../shared/cidr';

/** Why an address is never blocked. */
export type NeverBlockReason =
  | 'allowlist'
  | 'own-network'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'shared-address-space'
  | 'documentation'
  | 'benchmarking'
  | 'multicast'
  | 'broadcast'
  | 'unspecified'
  | 'this-network'
  | 'ietf-protocol'
  | 'nat64'
  | 'discard-only'
  | '6to4'
  | 'unique-local'
  | 'reserved'
  | 'malformed'
  | 'zero-prefix'
  | 'not-a-host';

export type Verdict =
  | { readonly blockable: true; readonly version: IpVersion; /** Canonical host CIDR: a.b.c.d/32 or x::y/128. */ readonly entry: string }
  | { readonly blockable: false; readonly reason: NeverBlockReason; readonly range?: string };

/**
 * Ranges that are never an attacker on the internet: the IANA special-purpose registries
 * (RFC 6890 and successors) for both versions. First match names the reason, so the more
 * specific blocks come first. IPv4-mapped IPv6 (::ffff:0:0/96) is judged by its IPv4 address
 * before this list is consulted; any IPv6 outside global unicast 2000::/3 is `reserved`.
 */
export const SPECIAL_RANGES: readonly { readonly cidr: string; readonly reason: NeverBlockReason }[] = [
  { cidr: '0.0.0.0/8', reason: 'this-network' },
  { cidr: '10.0.0.0/8', reason: 'private' },
  { cidr: '100.64.0.0/10', reason: 'shared-address-space' },
  { cidr: '127.0.0.0/8', reason: 'loopback' },
  { cidr: '169.254.0.0/16', reason: 'link-local' },
  { cidr: '172.16.0.0/12', reason: 'private' },
  { cidr: '192.0.0.0/24', reason: 'ietf-protocol' },
  { cidr: '192.0.2.0/24', reason: 'documentation' },
  { cidr: '192.88.99.0/24', reason: '6to4' },
  { cidr: '192.168.0.0/16', reason: 'private' },
  { cidr: '198.18.0.0/15', reason: 'benchmarking' },
  { cidr: '198.51.100.0/24', reason: 'documentation' },
  { cidr: '203.0.113.0/24', reason: 'documentation' },
  { cidr: '224.0.0.0/4', reason: 'multicast' },
  { cidr: '255.255.255.255/32', reason: 'broadcast' },
  { cidr: '240.0.0.0/4', reason: 'reserved' },
  { cidr: '::/128', reason: 'unspecified' },
  { cidr: '::1/128', reason: 'loopback' },
  { cidr: '64:ff9b::/96', reason: 'nat64' },
  { cidr: '64:ff9b:1::/48', reason: 'nat64' },
  { cidr: '100::/64', reason: 'discard-only' },
  { cidr: '2001:db8::/32', reason: 'documentation' },
  { cidr: '2001::/23', reason: 'ietf-protocol' },
  { cidr: '2002::/16', reason: '6to4' },
  { cidr: '3fff::/20', reason: 'documentation' },
  { cidr: 'fc00::/7', reason: 'unique-local' },
  { cidr: 'fe80::/10', reason: 'link-local' },
  { cidr: 'fec0::/10', reason: 'reserved' },
  { cidr: 'ff00::/8', reason: 'multicast' },
];

interface Range {
  readonly version: IpVersion;
  readonly first: bigint;
  readonly last: bigint;
  readonly reason: NeverBlockReason;
  readonly text: string;
}

const toRange = (cidr: Cidr, reason: NeverBlockReason): Range => ({
  version: cidr.version,
  first: cidr.network,
  last: lastAddress(cidr),
  reason,
  text: cidr.text,
});

/** True for ::ffff:0:0/96 (IPv4-mapped IPv6). */
const isMapped = (value: bigint): boolean => value >> 32n === 0xffffn;
const GLOBAL_UNICAST = toRange(parseCidr('2000::/3')!, 'reserved');
/** Two full sets' worth of remembered entry verdicts. */
const ENTRY_CACHE_LIMIT = 20_000;

const SPECIAL = SPECIAL_RANGES.map(({ cidr, reason }) => toRange(parseCidr(cidr)!, reason));

export interface NeverBlockLists {
  /** Admin, office and health-checker ranges. */
  readonly allowlist: readonly Cidr[];
  /** Our own VPC ranges. */
  readonly ownCidrs: readonly Cidr[];
}

/**
 * Decides whether an address may go into a block list. The same policy judges addresses taken
 * from findings and entries already in a set, so an allowlist that grows also unblocks.
 */
export class NeverBlockPolicy {
  private readonly ranges: readonly Range[];
  private readonly entryVerdicts = new Map<string, Verdict>();

  constructor(lists: NeverBlockLists) {
    this.ranges = [
      ...lists.allowlist.map((c) => toRange(c, 'allowlist')),
      ...lists.ownCidrs.map((c) => toRange(c, 'own-network')),
      ...SPECIAL,
    ];
  }

  /** Judges an address from a finding (a bare address; a /32 or /128 is tolerated). */
  judgeAddress(text: string): Verdict {
    if (typeof text !== 'string') return { blockable: false, reason: 'malformed' };
    const trimmed = text.trim();
    if (trimmed.includes('/')) {
      const cidr = parseCidr(trimmed);
      if (!cidr) return { blockable: false, reason: 'malformed' };
      if (cidr.prefixLength === 0) return { blockable: false, reason: 'zero-prefix' };
      if (cidr.prefixLength !== (cidr.version === 4 ? 32 : 128)) return { blockable: false, reason: 'not-a-host' };
      return this.judgeHost(cidr.version, cidr.network);
    }
    const address = parseAddress(trimmed);
    if (!address) return { blockable: false, reason: 'malformed' };
    return this.judgeHost(address.version, address.value);
  }

  /**
   * Judges an entry of an IP set, which may be a range: it is kept only if no address in it is
   * protected. Host entries are judged as addresses (an IPv4-mapped one becomes its IPv4 /32).
   */
  judgeEntry(text: string): Verdict {
    // A full set is judged on every write (planning, then the write guard), and a warm
    // function sees the same entries again: remember verdicts instead of re-parsing 10,000 CIDRs.
    const known = this.entryVerdicts.get(text);
    if (known) return known;
    if (this.entryVerdicts.size >= ENTRY_CACHE_LIMIT) this.entryVerdicts.clear();
    const verdict = this.judgeEntryUncached(text);
    this.entryVerdicts.set(text, verdict);
    return verdict;
  }

  private judgeEntryUncached(text: string): Verdict {
    const cidr = parseCidr(text);
    if (!cidr) return { blockable: false, reason: 'malformed' };
    if (cidr.prefixLength === 0) return { blockable: false, reason: 'zero-prefix' };
    const hostBits = cidr.version === 4 ? 32 : 128;
    if (cidr.prefixLength === hostBits) {
      // In a set, an IPv4-mapped host never matches: WAF sees those clients as IPv4.
      if (cidr.version === 6 && isMapped(cidr.network)) return { blockable: false, reason: 'reserved', range: '::ffff:0:0/96' };
      return this.judgeHost(cidr.version, cidr.network);
    }
    const first = cidr.network;
    const last = lastAddress(cidr);
    const hit = this.ranges.find((r) => r.version === cidr.version && first <= r.last && r.first <= last);
    if (hit) return { blockable: false, reason: hit.reason, range: hit.text };
    if (cidr.version === 6 && !(first >= GLOBAL_UNICAST.first && last <= GLOBAL_UNICAST.last)) {
      return { blockable: false, reason: 'reserved', range: GLOBAL_UNICAST.text };
    }
    return { blockable: true, version: cidr.version, entry: cidr.text };
  }

  private judgeHost(version: IpVersion, value: bigint): Verdict {
    if (version === 6 && isMapped(value)) {
      // ::ffff:a.b.c.d is an IPv4 client seen through a dual-stack socket: judge and block the IPv4.
      return this.judgeHost(4, value & 0xffffffffn);
    }
    const hit = this.ranges.find((r) => r.version === version && value >= r.first && value <= r.last);
    if (hit) return { blockable: false, reason: hit.reason, range: hit.text };
    if (version === 6 && (value < GLOBAL_UNICAST.first || value > GLOBAL_UNICAST.last)) {
      return { blockable: false, reason: 'reserved', range: GLOBAL_UNICAST.text };
    }
    return { blockable: true, version, entry: version === 4 ? `${formatIpv4(value)}/32` : `${formatIpv6(value)}/128` };
  }
}
