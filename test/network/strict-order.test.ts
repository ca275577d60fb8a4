/**
 * The strict-order arbitration the engine harness applies to Suricata's matches (pure: matches are
 * given, no engine). Each case is one documented AWS behaviour (see lib/network/engine/strict-order.ts).
 */
import { CaptureBuilder } from '../../lib/network/engine/pcap';
import { arbitrateFlow, LoadedRule, PacketMatch, PROBE_SIDS } from '../../lib/network/engine/strict-order';

// One conversation: SYN, SYN-ACK, ACK, client data (4) + ACK, server data (6) + ACK, FIN x2, ACK.
const capture = new CaptureBuilder().conversation('f', { ip: '10.0.0.5', port: 40000 }, { ip: '203.0.113.1', port: 443 }, [
  { from: 'client', segments: [Buffer.from('hello')] },
  { from: 'server', segments: [Buffer.from('world')] },
]);
const packets = capture.captured;
const CLIENT_DATA = 4;
const SERVER_DATA = 6;

const rule = (sid: number, action: LoadedRule['action'], position: number): LoadedRule => ({ sid, action, position, group: 'g', msg: `r${sid}` });
const RULES = new Map([rule(1, 'drop', 0), rule(2, 'pass', 1), rule(3, 'alert', 2)].map((r) => [r.sid, r]));

/** Engine facts: every packet after the handshake is established; the app layer is ready at `readyAt`. */
function matches(extra: Record<number, number[]>, readyAt = CLIENT_DATA, appProto = 'tls'): Map<number, PacketMatch[]> {
  const m = new Map<number, PacketMatch[]>();
  for (const p of packets) {
    const list: PacketMatch[] = p.index > 3 ? [{ sid: PROBE_SIDS.established, appProto }] : [];
    if (p.index === readyAt) list.push({ sid: PROBE_SIDS.tlsClientHello });
    for (const sid of extra[p.index] ?? []) list.push({ sid });
    m.set(p.index, list);
  }
  return m;
}

const APP_LAYER = ['aws:drop_established_app_layer_to_server', 'aws:alert_established_app_layer_to_server'];

describe('strict-order arbitration', () => {
  test('the first pass/drop rule in strict order decides, whatever its action; alert rules do not', () => {
    const dropFirst = arbitrateFlow(packets, matches({ [CLIENT_DATA]: [3, 2, 1] }), RULES, APP_LAYER, 'flow');
    expect([dropFirst.verdict, dropFirst.droppedBy]).toEqual(['drop', 'sid 1 (r1)']);
    const passOnly = arbitrateFlow(packets, matches({ [CLIENT_DATA]: [3, 2] }), RULES, APP_LAYER, 'flow');
    expect(passOnly.verdict).toBe('pass');
    expect(passOnly.matched.map((r) => r.sid)).toEqual([2, 3]);
  });

  test('a drop ends the flow: later packets are dropped too', () => {
    const out = arbitrateFlow(packets, matches({ [CLIENT_DATA]: [1] }), RULES, APP_LAYER, 'packet');
    expect(out.fates.filter((f) => f.index > CLIENT_DATA).every((f) => !f.passed)).toBe(true);
  });

  test('a flow-scoped pass ends inspection; a packet-scoped pass leaves later packets to the rules and defaults', () => {
    const m = matches({ [CLIENT_DATA]: [2], [CLIENT_DATA + 1]: [1] });
    expect(arbitrateFlow(packets, m, RULES, APP_LAYER, 'flow').verdict).toBe('pass');
    // The client's data got through, then the server's ACK hit the drop rule: 'partial', never 'pass'.
    expect(arbitrateFlow(packets, m, RULES, APP_LAYER, 'packet').verdict).toBe('partial');
  });

  test('aws:drop_established drops established traffic no rule passed; the handshake passes', () => {
    const out = arbitrateFlow(packets, matches({}), RULES, ['aws:drop_established'], 'flow');
    expect(out.fates.slice(0, 3).every((f) => f.passed)).toBe(true);
    expect([out.verdict, out.droppedBy]).toEqual(['drop', 'default action aws:drop_established']);
  });

  test('the application-layer default waits for the application layer before dropping', () => {
    // Ready only at the server's data: the client's first data packet is not judged yet.
    const waiting = arbitrateFlow(packets, matches({}, SERVER_DATA), RULES, ['aws:drop_established_app_layer'], 'flow');
    expect(waiting.fates[CLIENT_DATA - 1]).toMatchObject({ passed: true });
    expect(waiting.fates[SERVER_DATA - 1]).toMatchObject({ passed: false, decidedBy: 'aws:drop_established_app_layer' });
  });

  test('the server-directed variant never drops the server\'s packets by default', () => {
    const m = matches({ [CLIENT_DATA]: [2] });
    // The client's later ACK/FIN fall to the default (why the shipped rules add continuation rules).
    expect(arbitrateFlow(packets, m, RULES, APP_LAYER, 'packet').verdict).toBe('partial');
    const serverOnly = arbitrateFlow(packets, m, RULES, APP_LAYER, 'packet').fates.filter((f) => packets[f.index - 1].direction === 'to_client');
    expect(serverOnly.filter((f) => f.decidedBy.startsWith('aws:')).length).toBe(0);
  });

  test('a protocol other than TLS/HTTP counts as parsed at once', () => {
    const out = arbitrateFlow(packets, matches({}, -1, 'ssh'), RULES, APP_LAYER, 'flow');
    expect(out.fates[CLIENT_DATA - 1]).toMatchObject({ passed: false, decidedBy: 'aws:drop_established_app_layer_to_server' });
  });
});
