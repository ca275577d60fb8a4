/**
 * Web ACL capacity (WCU) of a list of WAF rules, computed offline.
 *
 * WAF rejects a web ACL above its capacity limit only at deploy time, and prices every WCU above
 * 1,500. Computing the figure at synth time lets the construct choose its managed groups, and a
 * test pin it, without an AWS account (CheckCapacity is an API call).
 *
 * The costs below come from the AWS WAF Developer Guide ("Web ACL capacity units", the rule
 * statement pages and the managed rule group pages):
 *
 * | Statement                          | WCU                                                  |
 * |------------------------------------|------------------------------------------------------|
 * | IP set reference                   | 1 (+4 with a forwarded-IP header at position ANY)    |
 * | Geo match, label match, ASN match  | 1                                                    |
 * | Size constraint                    | 1                                                    |
 * | String (byte) match                | EXACTLY / STARTS_WITH / ENDS_WITH 2, CONTAINS(_WORD) 10 |
 * | Regex match (inline)               | 3                                                    |
 * | Regex pattern set reference        | 25                                                   |
 * | SQL injection match                | 20                                                   |
 * | XSS match                          | 40                                                   |
 * | Rate-based                         | 2 + 30 per custom aggregation key + its scope-down   |
 * | AND / OR / NOT                     | the sum of the nested statements                     |
 * | Managed rule group                 | the group's own figure (MANAGED_GROUP_WCU) + scope-down |
 *
 * Modifiers of the match statements above (not of IP sets): +10 per text transformation other
 * than NONE, +10 when inspecting All query parameters, base cost doubled on the JSON body.
 *
 * WAF may charge less than this sum when rules share a transformation of the same component; the
 * figure here is therefore an upper bound, which is what a limit check needs.
 */

/** Capacity AWS prices at the base rate and the default ceiling for an ALB web ACL. */
export const WEB_ACL_CAPACITY_LIMIT = 1500;

/** WCUs of the AWS managed rule groups this project may use (VendorName AWS). */
export const MANAGED_GROUP_WCU: Readonly<Record<string, number>> = {
  AWSManagedRulesAmazonIpReputationList: 25,
  AWSManagedRulesAnonymousIpList: 50,
  AWSManagedRulesCommonRuleSet: 700,
  AWSManagedRulesKnownBadInputsRuleSet: 200,
  AWSManagedRulesSQLiRuleSet: 200,
  AWSManagedRulesLinuxRuleSet: 200,
  AWSManagedRulesUnixRuleSet: 100,
};

const STRING_MATCH_WCU: Readonly<Record<string, number>> = {
  EXACTLY: 2,
  STARTS_WITH: 2,
  ENDS_WITH: 2,
  CONTAINS: 10,
  CONTAINS_WORD: 10,
};

const TRANSFORMATION_WCU = 10;
const ALL_QUERY_ARGUMENTS_WCU = 10;

/** Thrown for a statement whose cost this table does not know: better no figure than a wrong one. */
export class UnknownWcuError extends Error {
  constructor(what: string) {
    super(`No WCU figure for ${what}; add it to lib/edge/waf/capacity.ts from the AWS WAF Developer Guide`);
    this.name = 'UnknownWcuError';
  }
}

/**
 * Capacity of a whole web ACL: the sum over its rules. Accepts rules either as CDK L1 objects
 * (camelCase keys) or as the synthesized template's `Rules` (PascalCase keys).
 */
export function webAclCapacity(rules: readonly unknown[]): number {
  return rules.reduce<number>((sum, rule) => sum + ruleCapacity(rule), 0);
}

/** Capacity of one rule (its statement; actions and visibility cost nothing). */
export function ruleCapacity(rule: unknown): number {
  const statement = field(rule, 'statement');
  if (statement === undefined) throw new UnknownWcuError(`a rule without a statement (${JSON.stringify(rule)})`);
  return statementCapacity(statement);
}

/** Capacity of one statement, nested statements included. */
export function statementCapacity(statement: unknown): number {
  const keys = Object.keys(asObject(statement, 'statement'));
  if (keys.length !== 1) throw new UnknownWcuError(`a statement with keys ${JSON.stringify(keys)} (expected exactly one)`);
  const kind = keys[0].toLowerCase();
  const body = field(statement, kind);

  switch (kind) {
    case 'andstatement':
    case 'orstatement':
      return asArray(field(body, 'statements'), kind).reduce<number>((sum, s) => sum + statementCapacity(s), 0);
    case 'notstatement':
      return statementCapacity(field(body, 'statement'));
    case 'ipsetreferencestatement': {
      const forwarded = field(body, 'ipSetForwardedIpConfig');
      return 1 + (forwarded !== undefined && field(forwarded, 'position') === 'ANY' ? 4 : 0);
    }
    case 'geomatchstatement':
    case 'labelmatchstatement':
    case 'asnmatchstatement':
      return 1;
    case 'sizeconstraintstatement':
      return matchCost(1, body);
    case 'bytematchstatement': {
      const constraint = String(field(body, 'positionalConstraint'));
      const base = STRING_MATCH_WCU[constraint];
      if (base === undefined) throw new UnknownWcuError(`string match with positional constraint ${constraint}`);
      return matchCost(base, body);
    }
    case 'regexmatchstatement':
      return matchCost(3, body);
    case 'regexpatternsetreferencestatement':
      return matchCost(25, body);
    case 'sqlimatchstatement':
      return matchCost(20, body);
    case 'xssmatchstatement':
      return matchCost(40, body);
    case 'ratebasedstatement': {
      const scopeDown = field(body, 'scopeDownStatement');
      const customKeys = field(body, 'customKeys');
      const keys = customKeys === undefined ? 0 : asArray(customKeys, 'customKeys').length;
      return 2 + 30 * keys + (scopeDown === undefined ? 0 : statementCapacity(scopeDown));
    }
    case 'managedrulegroupstatement': {
      const name = String(field(body, 'name'));
      const vendor = String(field(body, 'vendorName'));
      const wcu = vendor === 'AWS' ? MANAGED_GROUP_WCU[name] : undefined;
      if (wcu === undefined) throw new UnknownWcuError(`managed rule group ${vendor}/${name}`);
      const scopeDown = field(body, 'scopeDownStatement');
      return wcu + (scopeDown === undefined ? 0 : statementCapacity(scopeDown));
    }
    default:
      throw new UnknownWcuError(`statement type ${keys[0]}`);
  }
}

/** Base cost of a match statement adjusted for its component and its text transformations. */
function matchCost(base: number, body: unknown): number {
  const fieldToMatch = field(body, 'fieldToMatch');
  let cost = base;
  if (fieldToMatch !== undefined && field(fieldToMatch, 'jsonBody') !== undefined) cost *= 2;
  if (fieldToMatch !== undefined && field(fieldToMatch, 'allQueryArguments') !== undefined) cost += ALL_QUERY_ARGUMENTS_WCU;
  const transformations = field(body, 'textTransformations');
  const applied = transformations === undefined ? [] : asArray(transformations, 'textTransformations').filter((t) => field(t, 'type') !== 'NONE');
  return cost + TRANSFORMATION_WCU * applied.length;
}

/** Reads a key regardless of casing: CDK L1 objects are camelCase, templates PascalCase (`IPSetReferenceStatement`). */
function field(node: unknown, key: string): unknown {
  if (typeof node !== 'object' || node === null) return undefined;
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(node)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UnknownWcuError(`${what} ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new UnknownWcuError(`${what} that is not a list (a token?)`);
  return value;
}
