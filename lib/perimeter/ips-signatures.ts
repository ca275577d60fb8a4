/**
 * The Suricata rules the project ships (NET-2, NET-6). Rule groups are evaluated in STRICT_ORDER:
 * the drop signatures come first, then the pass rules that define what may flow at all; anything
 * established that no pass rule names is dropped by the policy default (NET-1).
 *
 * sids: 2,000,001–2,000,099 drop signatures, 2,000,101–2,000,199 ingress pass rules,
 * 2,000,201+ egress allowlist. User rules live in 1,000,000–1,999,999.
 */

/** Drop signatures for the web tier and for callbacks out of it. */
export const IPS_DROP_SIGNATURES: readonly string[] = [
  'drop tls $EXTERNAL_NET any -> $HOME_NET 443 (msg:"HS-IPS outdated SSL/TLS version offered to the load balancer"; flow:to_server, established; ssl_version:sslv2,sslv3,tls1.0,tls1.1; sid:2000001; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS path traversal in URI"; flow:to_server, established; http.uri; content:"../"; sid:2000002; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS Log4Shell JNDI lookup in URI"; flow:to_server, established; http.uri; content:"${jndi:"; nocase; sid:2000003; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS Log4Shell JNDI lookup in headers"; flow:to_server, established; http.header; content:"${jndi:"; nocase; sid:2000004; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS Shellshock function definition in headers"; flow:to_server, established; http.header; content:"() {"; sid:2000005; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS SQL injection UNION SELECT in URI"; flow:to_server, established; http.uri; content:"union"; nocase; pcre:"/union(\\s|%20|\\+|\\/\\*.*?\\*\\/)+select/i"; sid:2000006; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS script tag in URI"; flow:to_server, established; http.uri; content:"<script"; nocase; sid:2000007; rev:1;)',
  'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"HS-IPS system file read attempt"; flow:to_server, established; http.uri; content:"/etc/passwd"; nocase; sid:2000008; rev:1;)',
  'drop tcp $HOME_NET any -> $EXTERNAL_NET [389,636,1389] (msg:"HS-IPS outbound LDAP from the VPC (JNDI callback)"; flow:to_server; sid:2000009; rev:1;)',
];

/** What may come in: HTTPS to the load balancer, and HTTP only to be redirected to HTTPS. */
export const INGRESS_PASS_RULES: readonly string[] = [
  'pass tls $EXTERNAL_NET any -> $HOME_NET 443 (msg:"HS-ALLOW HTTPS to the load balancer"; flow:to_server, established; sid:2000101; rev:1;)',
  'pass http $EXTERNAL_NET any -> $HOME_NET 80 (msg:"HS-ALLOW HTTP to the redirect listener"; flow:to_server, established; sid:2000102; rev:1;)',
];

const EGRESS_SID_BASE = 2000201;

/**
 * Pass rules for the egress allowlist: one TLS SNI and one HTTP Host rule per domain. A leading
 * dot allows the domain's subdomains only ("`.example.com`" matches `a.example.com`).
 */
export function egressAllowlistRules(domains: readonly string[]): string[] {
  return domains.flatMap((domain, i) => {
    const wildcard = domain.startsWith('.');
    const anchors = wildcard ? 'nocase; endswith;' : 'startswith; nocase; endswith;';
    const sid = EGRESS_SID_BASE + 2 * i;
    return [
      `pass tls $HOME_NET any -> $EXTERNAL_NET 443 (msg:"HS-EGRESS ${domain} (TLS)"; tls.sni; content:"${domain}"; ${anchors} flow:to_server, established; sid:${sid}; rev:1;)`,
      `pass http $HOME_NET any -> $EXTERNAL_NET 80 (msg:"HS-EGRESS ${domain} (HTTP)"; http.host; content:"${domain}"; ${anchors} flow:to_server, established; sid:${sid + 1}; rev:1;)`,
    ];
  });
}

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
