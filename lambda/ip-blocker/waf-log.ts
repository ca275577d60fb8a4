/**
 * WAF log records → offences. A record carries `timestamp` (epoch ms), `action` (ALLOW, BLOCK,
 * CAPTCHA, CHALLENGE), `terminatingRuleId` (the web ACL rule's name, or `Default_Action`),
 * `terminatingRuleType` (REGULAR, RATE_BASED, GROUP, MANAGED_RULE_GROUP), `ruleGroupList[]` with
 * the matching rule inside a group (`terminatingRule.ruleId`) and `httpRequest.clientIp`.
 * https://docs.aws.amazon.com/waf/latest/developerguide/logging-fields.html
 * https://docs.aws.amazon.com/waf/latest/developerguide/logging-examples.html
 *
 * Counted: requests blocked by an AWS managed rule group (an exploit attempt or a known-bad
 * source) and by the web ACL rules named in the policy (the admin-path rule: a probe of admin
 * paths from outside the admin allowlist). Not counted: the rate limit (it already blocks the
 * client by itself, and a busy legitimate client can reach it), the block lists (already
 * blocked), the body-size limit and the site allowlist's default action.
 */
import { Classified } from './offence';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function classifyWafRecord(line: string, id: string, loggedAt: number, countedRules: readonly string[]): Classified {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { ignored: 'not-json' };
  }
  if (!isObject(record)) return { ignored: 'not-json' };
  if (record.action !== 'BLOCK') return { ignored: 'not-blocked' };
  const ruleId = typeof record.terminatingRuleId === 'string' ? record.terminatingRuleId : '';
  const type = record.terminatingRuleType;
  if (type === 'RATE_BASED') return { ignored: 'rate-limit' };
  const managed = type === 'MANAGED_RULE_GROUP';
  if (!managed && !(type === 'REGULAR' && countedRules.includes(ruleId))) return { ignored: 'uncounted-rule' };
  const clientIp = isObject(record.httpRequest) ? record.httpRequest.clientIp : undefined;
  if (typeof clientIp !== 'string' || clientIp.trim() === '') return { ignored: 'no-address' };
  const ms = typeof record.timestamp === 'number' && Number.isFinite(record.timestamp) ? record.timestamp : loggedAt;
  return {
    offence: {
      kind: 'offence',
      source: 'waf',
      id,
      address: clientIp,
      at: new Date(ms).toISOString(),
      rule: (managed ? `${ruleId}/${innerRule(record.ruleGroupList)}` : ruleId).slice(0, 200),
      severity: 0,
    },
  };
}

/** The rule inside the managed group that terminated the request. */
function innerRule(groups: unknown): string {
  if (!Array.isArray(groups)) return '?';
  for (const g of groups) {
    const rule = isObject(g) && isObject(g.terminatingRule) ? g.terminatingRule.ruleId : undefined;
    if (typeof rule === 'string') return rule;
  }
  return '?';
}
