/**
 * The scenario corpus's ClientHellos have the shape today's clients send (issue #15): the firewall
 * verdicts only mean something if the captures are realistic. Parsed back field by field.
 */
import { firewallScenarios } from '../../lib/network/engine/scenarios';
import { clientHelloRecord, GROUP_X25519MLKEM768 } from '../../lib/network/engine/tls-messages';

function extensions(record: Buffer): Map<number, Buffer> {
  let o = 5 + 4 + 2 + 32; // record header, handshake header, legacy_version, random
  o += 1 + record[o]; // session id
  o += 2 + record.readUInt16BE(o); // cipher suites
  o += 1 + record[o]; // compression
  const end = o + 2 + record.readUInt16BE(o);
  o += 2;
  const out = new Map<number, Buffer>();
  while (o < end) {
    const type = record.readUInt16BE(o);
    const len = record.readUInt16BE(o + 2);
    out.set(type, record.subarray(o + 4, o + 4 + len));
    o += 4 + len;
  }
  return out;
}

describe('the post-quantum ClientHello of the corpus', () => {
  const record = clientHelloRecord({ serverName: 'public.ecr.aws', postQuantum: true });
  const ext = extensions(record);

  test('is 1.6–1.9 KB in a TLS record whose legacy version is 0x0301', () => {
    expect(record.length).toBeGreaterThanOrEqual(1600);
    expect(record.length).toBeLessThanOrEqual(1900);
    expect([record[0], record.readUInt16BE(1), record.readUInt16BE(3)]).toEqual([22, 0x0301, record.length - 5]);
  });

  test('offers TLS 1.3 in supported_versions and an X25519MLKEM768 key share of 1216 bytes', () => {
    const versions = ext.get(0x002b)!;
    expect(versions.subarray(1).toString('hex')).toContain('0304');
    const shares = ext.get(0x0033)!;
    expect(shares.readUInt16BE(2)).toBe(GROUP_X25519MLKEM768);
    expect(shares.readUInt16BE(4)).toBe(1216);
  });

  test('carries the SNI, after the point where a 1448-byte first segment ends', () => {
    const sni = ext.get(0x0000)!;
    expect(sni.subarray(5).toString('ascii')).toBe('public.ecr.aws');
    expect(record.indexOf(Buffer.from('public.ecr.aws'))).toBeGreaterThan(1448);
  });

  test('is sent in 2 TCP segments by the split scenarios, ingress and egress', () => {
    const scenarios = firewallScenarios({ homeNet: ['10.20.0.0/16'], siteName: 'app.example.com', egressAllowedDomains: ['public.ecr.aws'] });
    for (const id of ['ingress/https-post-quantum-split-clienthello', 'egress/allowlisted-public.ecr.aws-tls-split']) {
      const first = scenarios.find((s) => s.id === id)!.messages[0];
      expect(first.from).toBe('client');
      expect(first.segments.map((s) => s.length)).toEqual([1448, record.length - 1448]);
    }
  });
});
