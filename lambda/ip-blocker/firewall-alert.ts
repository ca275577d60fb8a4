/**
 * Network Firewall ALERT log lines → offences. The line is Suricata EVE JSON wrapped by Network
 * Firewall: `{ firewall_name, availability_zone, event_timestamp, event: { timestamp, event_type:
 * "alert", src_ip, src_port, dest_ip, dest_port, proto, alert: { action, signature_id, rev,
 * signature, category, severity } } }`, `action` being "blocked" for a drop and "allowed" for an
 * alert-only match.
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-logging-contents.html
 *
 * Counted: drops by a signature — the project's IPS drops (sids 2,000,001–2,000,099, user rules
 * 1,000,000–1,999,999) and the AWS managed threat-signature groups (their own sids). Not counted:
 * the policy's default action (`aws:drop_established`, logged by `aws:alert_established` with an
 * `aws:` signature), which drops any flow no pass rule names, attack or not.
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html (strict order, default actions)
 * Whether the source is external is judged later by the never-block policy (our own VPC ranges and
 * every private range are never blocked), so the outbound drops of our own workloads never block.
 */
import { Classified } from './offence';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Classifies one ALERT line. `id` is the CloudWatch Logs event id; `loggedAt` its timestamp
 * (the copy function writes each line with the event's own time), used when the line has none.
 */
export function classifyFirewallAlert(line: string, id: string, loggedAt: number): Classified {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ignored: 'not-json' };
  }
  const event = isObject(parsed) ? parsed.event : undefined;
  if (!isObject(event) || event.event_type !== 'alert' || !isObject(event.alert)) return { ignored: 'not-an-alert' };
  const alert = event.alert;
  if (alert.action !== 'blocked') return { ignored: 'not-a-drop' };
  const signature = typeof alert.signature === 'string' ? alert.signature : '';
  if (signature.startsWith('aws:') || signature === '') return { ignored: 'default-action' };
  if (typeof event.src_ip !== 'string' || event.src_ip.trim() === '') return { ignored: 'no-address' };
  const at = eventTime(event.timestamp, isObject(parsed) ? parsed.event_timestamp : undefined, loggedAt);
  return {
    offence: {
      kind: 'offence',
      source: 'firewall',
      id,
      address: event.src_ip,
      at: at.toISOString(),
      rule: `sid:${String(alert.signature_id)} ${signature}`.slice(0, 200),
      severity: typeof alert.severity === 'number' ? alert.severity : 0,
    },
  };
}

/** Suricata writes `2020-10-01T21:26:05.007515+0000` (an offset without a colon). */
function eventTime(timestamp: unknown, epochSeconds: unknown, fallbackMs: number): Date {
  if (typeof timestamp === 'string') {
    const d = new Date(timestamp.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    if (!Number.isNaN(d.getTime())) return d;
  }
  const seconds = Number(epochSeconds);
  if (epochSeconds !== undefined && Number.isFinite(seconds) && seconds > 0) return new Date(seconds * 1000);
  return new Date(fallbackMs);
}
