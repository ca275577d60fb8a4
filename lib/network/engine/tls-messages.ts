/**
 * TLS handshake records shaped like the ones real clients and servers send (RFC 8446), for the
 * firewall scenarios. Only what a firewall can read is realistic (record header, SNI,
 * supported_versions, key shares); the key material is filler.
 */

const u8 = (n: number) => Buffer.from([n & 0xff]);
const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u24 = (n: number) => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const vec16 = (b: Buffer) => Buffer.concat([u16(b.length), b]);
const vec8 = (b: Buffer) => Buffer.concat([u8(b.length), b]);
const ext = (type: number, body: Buffer) => Buffer.concat([u16(type), vec16(body)]);
const filler = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

/** X25519MLKEM768 (IANA TLS Supported Groups 0x11EC): a 1184-byte ML-KEM-768 key + 32-byte X25519 key. */
export const GROUP_X25519MLKEM768 = 0x11ec;
export const GROUP_X25519 = 0x001d;

export interface ClientHelloOptions {
  /** Server name (SNI); omitted when undefined. */
  readonly serverName?: string;
  /** Adds the post-quantum hybrid key share browsers send today (~1.2 KB more). */
  readonly postQuantum?: boolean;
  /** The highest version offered; 0x0304 (TLS 1.3) unless set. 0x0301 = TLS 1.0 only. */
  readonly maxVersion?: number;
}

/**
 * A ClientHello in a TLS record. The record's legacy version is 0x0301, as every TLS 1.3 client
 * writes it (RFC 8446 §5.1); the offered versions are in supported_versions.
 */
export function clientHelloRecord(opts: ClientHelloOptions): Buffer {
  const tls13 = (opts.maxVersion ?? 0x0304) === 0x0304;
  const extensions: Buffer[] = [];
  extensions.push(ext(0x000b, vec8(u8(0)))); // ec_point_formats
  const groups = opts.postQuantum ? [GROUP_X25519MLKEM768, GROUP_X25519, 0x0017] : [GROUP_X25519, 0x0017];
  extensions.push(ext(0x000a, vec16(Buffer.concat(groups.map(u16))))); // supported_groups
  // What browsers add besides: status_request, SCT, extended_master_secret, session_ticket,
  // renegotiation_info, compress_certificate (brotli).
  extensions.push(ext(0x0005, Buffer.from([1, 0, 0, 0, 0])), ext(0x0012, Buffer.alloc(0)), ext(0x0017, Buffer.alloc(0)), ext(0x0023, Buffer.alloc(0)));
  extensions.push(ext(0xff01, u8(0)), ext(0x001b, vec8(u16(2))));
  extensions.push(ext(0x0010, vec16(Buffer.concat([vec8(Buffer.from('h2')), vec8(Buffer.from('http/1.1'))])))); // ALPN
  extensions.push(ext(0x000d, vec16(Buffer.concat([0x0403, 0x0804, 0x0401, 0x0503].map(u16))))); // signature_algorithms
  if (tls13) {
    extensions.push(ext(0x002b, vec8(Buffer.concat([u16(0x0304), u16(0x0303)])))); // supported_versions
    const shares = [
      ...(opts.postQuantum ? [Buffer.concat([u16(GROUP_X25519MLKEM768), vec16(filler(1216, 7))])] : []),
      Buffer.concat([u16(GROUP_X25519), vec16(filler(32, 3))]),
    ];
    extensions.push(ext(0x0033, vec16(Buffer.concat(shares)))); // key_share
    extensions.push(ext(0x002d, vec8(u8(1)))); // psk_key_exchange_modes
  }
  // Chrome shuffles its extensions; SNI after the key share is the hard case: it then arrives in
  // the second TCP segment.
  if (opts.serverName !== undefined) {
    const name = Buffer.from(opts.serverName, 'ascii');
    extensions.push(ext(0x0000, vec16(Buffer.concat([u8(0), vec16(name)]))));
  }
  // Browsers pad their hybrid ClientHello (padding extension, RFC 7685): ~1.75 KB in all.
  if (opts.postQuantum) extensions.push(ext(0x0015, Buffer.alloc(1750 - 200 - extensions.reduce((n, e) => n + e.length, 0))));
  const suites = tls13 ? [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f] : [0xc013, 0xc014, 0x002f];
  const body = Buffer.concat([
    u16(tls13 ? 0x0303 : (opts.maxVersion as number)), // legacy_version
    filler(32, 11), // random
    vec8(filler(32, 13)), // legacy_session_id
    vec16(Buffer.concat(suites.map(u16))),
    vec8(u8(0)), // compression: null
    vec16(Buffer.concat(extensions)),
  ]);
  const handshake = Buffer.concat([u8(1), u24(body.length), body]);
  return Buffer.concat([u8(22), u16(0x0301), vec16(handshake)]);
}

/**
 * A ServerHello record: TLS 1.3 (legacy 0x0303 + supported_versions 0x0304) unless `version`
 * names an older protocol, which is then the record and handshake version.
 */
export function serverHelloRecord(version = 0x0304): Buffer {
  const tls13 = version === 0x0304;
  const extensions = tls13
    ? Buffer.concat([ext(0x002b, u16(0x0304)), ext(0x0033, Buffer.concat([u16(GROUP_X25519), vec16(filler(32, 5))]))])
    : Buffer.alloc(0);
  const body = Buffer.concat([
    u16(tls13 ? 0x0303 : version),
    filler(32, 17),
    vec8(filler(32, 13)),
    u16(tls13 ? 0x1301 : 0xc013),
    u8(0),
    vec16(extensions),
  ]);
  const handshake = Buffer.concat([u8(2), u24(body.length), body]);
  const records = [Buffer.concat([u8(22), u16(tls13 ? 0x0303 : version), vec16(handshake)])];
  // TLS 1.3 continues encrypted: ChangeCipherSpec (compatibility) + one application-data record.
  if (tls13) records.push(Buffer.from([20, 3, 3, 0, 1, 1]), Buffer.concat([u8(23), u16(0x0303), vec16(filler(600, 19))]));
  return Buffer.concat(records);
}

/** The client's second flight and a request, as encrypted application-data records. */
export function clientFinishedAndRequest(): Buffer {
  return Buffer.concat([Buffer.from([20, 3, 3, 0, 1, 1]), u8(23), u16(0x0303), vec16(filler(90, 23)), u8(23), u16(0x0303), vec16(filler(300, 29))]);
}

/** Splits a record into two TCP segments the way a 1460-byte MSS does. */
export function splitAt(record: Buffer, firstSegmentBytes: number): Buffer[] {
  return record.length <= firstSegmentBytes ? [record] : [record.subarray(0, firstSegmentBytes), record.subarray(firstSegmentBytes)];
}
