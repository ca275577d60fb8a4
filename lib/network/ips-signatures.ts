/**
 * The Suricata rules the project ships (NET-2, NET-6). Rule groups are evaluated in STRICT_ORDER:
 * the drop signatures come first, then the pass rules that define what may flow at all; anything
 * established that no pass rule names is dropped by the policy default (NET-1).
 *
 * Every rule here is replayed in Suricata 7 against generated captures
 * (test/network/firewall-engine.integration.test.ts, `npm run synth` → cdk.out/firewall-scenarios.md). What
 * the engine showed shaped them:
 * - nothing may decide on a client's first TCP segment: a post-quantum ClientHello (~1.7 KB) spans
 *   two segments and the first carries only the record header (legacy version 0x0301);
 * - a pass rule must not be the only thing that lets a flow's later packets and the server's replies
 *   through, because whether a pass covers the packet or the flow is not documented for every rule
 *   type: allowed flows set a flowbit, and explicit continuation rules pass the rest.
 *
 * sids: 2,000,001–2,000,099 drop signatures, 2,000,101–2,000,189 ingress pass rules,
 * 2,000,190–2,000,199 continuation of allowed flows, 2,000,201+ egress allowlist.
 * User rules live in 1,000,000–1,999,999.
 */

/** Set by every egress allowlist rule; the continuation rules pass the rest of such a flow. */
export const EGRESS_ALLOWED_FLOWBIT = 'hs.egress.allowed';

/** Drop signatures for the web tier and for callbacks out of it. */
export const IPS_DROP_SIGNATURES: readonly string[] = [
  // The TLS floor is judged on the load balancer's answer, not on the client's first segment
  // (whose record version is 0x0301 for every TLS 1.3 client). The listener's TLS 1.3 policy is
  // the floor itself (WEB-3); this drops a reply that would prove it misconfigured.
  'drop tls $HOME_NET 443 -> $EXTERNAL_NET any (msg:"HS-IPS load balancer answered with SSL/TLS older than 1.2"; flow:to_client, established; ssl_version:sslv2,sslv3,tls1.0,tls1.1; sid:2000001; rev:2;)',
  // The raw URI: the normalized http.uri has "../" already resolved away, encoded or not.
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS path traversal in URI"; flow:to_server, established; http.uri.raw; pcre:"/(\\.|%2e)(\\.|%2e)(\\/|%2f|%5c)/i"; sid:2000002; rev:2;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS Log4Shell JNDI lookup in URI"; flow:to_server, established; http.uri; content:"${jndi:"; nocase; sid:2000003; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS Log4Shell JNDI lookup in headers"; flow:to_server, established; http.header; content:"${jndi:"; nocase; sid:2000004; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS Shellshock function definition in headers"; flow:to_server, established; http.header; content:"() {"; sid:2000005; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS SQL injection UNION SELECT in URI"; flow:to_server, established; http.uri; content:"union"; nocase; pcre:"/union(\\s|%20|\\+|\\/\\*.*?\\*\\/)+select/i"; sid:2000006; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS script tag in URI"; flow:to_server, established; http.uri; content:"<script"; nocase; sid:2000007; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS system file read attempt"; flow:to_server, established; http.uri; content:"/etc/passwd"; nocase; sid:2000008; rev:1;)',
  'drop tcp $HOME_NET any -> $EXTERNAL_NET [389,636,1389] (msg:"HS-IPS outbound LDAP from the VPC (JNDI callback)"; flow:to_server; sid:2000009; rev:1;)',
];

/**
 * What may come in: HTTPS to the load balancer, and HTTP only to be redirected to HTTPS; and the
 * load balancer's replies on those ports (so no verdict depends on a pass covering the flow).
 */
export const INGRESS_PASS_RULES: readonly string[] = [
  'pass tls $EXTERNAL_NET any -> $HOME_NET 443 (msg:"HS-ALLOW HTTPS to the load balancer"; flow:to_server, established; sid:2000101; rev:1;)',
  'pass http $EXTERNAL_NET any -> $HOME_NET 80 (msg:"HS-ALLOW HTTP to the redirect listener"; flow:to_server, established; sid:2000102; rev:1;)',
  'pass tcp $HOME_NET [80,443] -> $EXTERNAL_NET any (msg:"HS-ALLOW the load balancer\'s replies"; flow:to_client, established; sid:2000103; rev:1;)',
];

/** The rest of an allowlisted egress connection: the client's later packets and the replies. */
export const EGRESS_CONTINUATION_RULES: readonly string[] = [
  `pass tcp $HOME_NET any -> $EXTERNAL_NET [80,443] (msg:"HS-EGRESS rest of an allowlisted connection"; flow:to_server, established; flowbits:isset,${EGRESS_ALLOWED_FLOWBIT}; sid:2000190; rev:1;)`,
  `pass tcp $EXTERNAL_NET [80,443] -> $HOME_NET any (msg:"HS-EGRESS replies on an allowlisted connection"; flow:to_client, established; flowbits:isset,${EGRESS_ALLOWED_FLOWBIT}; sid:2000191; rev:1;)`,
];

const EGRESS_SID_BASE = 2000201;

/**
 * Pass rules for the egress allowlist: one TLS SNI and one HTTP Host rule per domain. A leading
 * dot allows the domain's subdomains only ("`.example.com`" matches `a.example.com`). `http.host`
 * is lower-cased by the engine, so its rule has no `nocase` (Suricata 7 rejects it there); the
 * configuration only accepts lower-case domains.
 */
export function egressAllowlistRules(domains: readonly string[]): string[] {
  return domains.flatMap((domain, i) => {
    const wildcard = domain.startsWith('.');
    const sid = EGRESS_SID_BASE + 2 * i;
    const mark = `flowbits:set,${EGRESS_ALLOWED_FLOWBIT};`;
    return [
      `pass tls $HOME_NET any -> $EXTERNAL_NET 443 (msg:"HS-EGRESS ${domain} (TLS)"; tls.sni; content:"${domain}"; ${wildcard ? 'nocase; endswith;' : 'startswith; nocase; endswith;'} flow:to_server, established; ${mark} sid:${sid}; rev:2;)`,
      `pass http $HOME_NET any -> $EXTERNAL_NET 80 (msg:"HS-EGRESS ${domain} (HTTP)"; http.host; content:"${domain}"; ${wildcard ? 'endswith;' : 'startswith; endswith;'} flow:to_server, established; ${mark} sid:${sid + 1}; rev:2;)`,
    ];
  });
}

/**
 * The policy's stateful default actions: drop and log what no rule passed, but only once the
 * application layer (TLS ClientHello, HTTP request) has been parsed, and only towards the server
 * — so a split ClientHello is judged on its SNI, and replies are never dropped by default.
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
 * https://aws.amazon.com/about-aws/whats-new/2026/06/aws-network-firewall-updates-default-drop-action
 */
export const STATEFUL_DEFAULT_ACTIONS: readonly string[] = ['aws:drop_established_app_layer_to_server', 'aws:alert_established_app_layer_to_server'];

/**
 * AWS managed threat-signature rule groups attached in STRICT_ORDER (their `…StrictOrder`
 * variants). They drop known exploit, malware, botnet, scanner and web-attack traffic.
 */
export const MANAGED_THREAT_SIGNATURE_GROUPS: readonly string[] = [
  'ThreatSignaturesExploitsStrictOrder',
  'ThreatSignaturesWebAttacksStrictOrder',
  'ThreatSignaturesMalwareStrictOrder',
  'ThreatSignaturesBotnetStrictOrder',
  'ThreatSignaturesScannersStrictOrder',
];
