/**
 * A small, deliberately scoped IAM policy evaluator for tests: one principal of the SAME account
 * asks for one action on one resource, and the identity policies of that principal plus the
 * resource's policy decide (explicit Deny anywhere wins; otherwise an Allow in either grants;
 * otherwise implicit deny). What it does not model, and so must not be used for: permission
 * boundaries, SCPs/RCPs, session policies, cross-account access, KMS key policies, ACLs, and
 * condition operators other than those below (an unknown one throws instead of guessing).
 *
 * Why not a library: the maintained npm simulator (@cloud-copilot/iam-simulate) is AGPL-3.0 in an
 * Apache-2.0 project; this covers exactly what the FILE-1 tests need and is tested on its own
 * (iam-evaluator.test.ts).
 */

export type ContextValue = string | string[] | undefined;

export interface IamRequest {
  /** ARN of the calling principal (for a role session: the role's ARN, as `aws:PrincipalArn`). */
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
  /** Condition keys of the request; `aws:PrincipalArn` is added from `principalArn`. */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface PolicySet {
  /** Statements of the principal's identity policies. */
  readonly identity: readonly Record<string, any>[];
  /** Statements of the resource's policy (they name principals). */
  readonly resource: readonly Record<string, any>[];
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface Evaluation {
  readonly decision: Decision;
  /** The statements that decided (the Deny ones for ExplicitDeny, the Allow ones for Allow). */
  readonly decidedBy: Record<string, any>[];
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** IAM wildcard match: `*` any run of characters, `?` one character. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'is' : 's');
  return re.test(value);
}

function matchesAction(s: Record<string, any>, action: string): boolean {
  if (s.NotAction !== undefined) return !list(s.NotAction).some((a) => globMatch(a, action, true));
  return list(s.Action).some((a) => globMatch(a, action, true));
}

function matchesResource(s: Record<string, any>, resource: string): boolean {
  if (s.NotResource !== undefined) return !list(s.NotResource).some((r) => globMatch(r, resource));
  return list(s.Resource).some((r) => globMatch(r, resource));
}

function accountOf(arn: string): string | undefined {
  return arn.split(':')[4];
}

function principalMatches(principal: unknown, principalArn: string): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  return list((principal as Record<string, unknown>).AWS).some((p) => {
    if (p === '*') return true;
    // The account root names every principal of the account (the account delegates to IAM).
    if (/^arn:[^:]+:iam::\d{12}:root$/.test(p) || /^\d{12}$/.test(p)) return (accountOf(p) ?? p) === accountOf(principalArn);
    return p === principalArn;
  });
}

function matchesPrincipal(s: Record<string, any>, principalArn: string): boolean {
  if (s.NotPrincipal !== undefined) return !principalMatches(s.NotPrincipal, principalArn);
  return principalMatches(s.Principal, principalArn);
}

type Compare = (requestValue: string, policyValue: string) => boolean;

const numeric = (f: (a: number, b: number) => boolean): Compare => (a, b) => f(Number(a), Number(b));

/** Positive operators; their negation is derived (`StringNotEquals` = not `StringEquals`). */
const OPERATORS: Record<string, Compare> = {
  StringEquals: (a, b) => a === b,
  StringEqualsIgnoreCase: (a, b) => a.toLowerCase() === b.toLowerCase(),
  StringLike: (a, b) => globMatch(b, a),
  // ArnEquals and ArnLike both accept wildcards in IAM.
  ArnEquals: (a, b) => globMatch(b, a),
  ArnLike: (a, b) => globMatch(b, a),
  Bool: (a, b) => a.toLowerCase() === b.toLowerCase(),
  NumericEquals: numeric((a, b) => a === b),
  NumericLessThan: numeric((a, b) => a < b),
  NumericLessThanEquals: numeric((a, b) => a <= b),
  NumericGreaterThan: numeric((a, b) => a > b),
  NumericGreaterThanEquals: numeric((a, b) => a >= b),
};
const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
};

function conditionHolds(operatorText: string, key: string, policyValues: string[], context: Readonly<Record<string, ContextValue>>): boolean {
  const [setOp, opWithSuffix] = operatorText.includes(':') ? (operatorText.split(':') as [string, string]) : [undefined, operatorText];
  const ifExists = opWithSuffix.endsWith('IfExists');
  const op = ifExists ? opWithSuffix.slice(0, -'IfExists'.length) : opWithSuffix;
  const raw = context[key];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];

  if (op === 'Null') return policyValues.some((v) => (v.toLowerCase() === 'true') === (values.length === 0));
  const negatedOf = NEGATED[op];
  const compare = OPERATORS[negatedOf ?? op];
  if (!compare) throw new Error(`iam-evaluator: condition operator "${operatorText}" is not modelled`);
  const any = (v: string) => policyValues.some((p) => compare(v, p));

  if (setOp === 'ForAnyValue') {
    if (values.length === 0) return false;
    return negatedOf ? values.some((v) => !any(v)) : values.some(any);
  }
  if (setOp === 'ForAllValues') {
    return negatedOf ? values.every((v) => !any(v)) : values.every(any);
  }
  if (setOp !== undefined) throw new Error(`iam-evaluator: set operator "${setOp}" is not modelled`);
  if (values.length === 0) return ifExists || negatedOf !== undefined;
  // A single-valued key: the negated form holds when the value matches none of the policy's values.
  return negatedOf ? !values.some(any) : values.some(any);
}

function conditionsHold(s: Record<string, any>, context: Readonly<Record<string, ContextValue>>): boolean {
  return Object.entries<Record<string, unknown>>(s.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, value]) => conditionHolds(operator, key, list(value), context)),
  );
}

export function evaluate(request: IamRequest, policies: PolicySet): Evaluation {
  const context = { ...request.context, 'aws:PrincipalArn': request.principalArn };
  const applies = (s: Record<string, any>, isResourcePolicy: boolean) =>
    matchesAction(s, request.action) &&
    matchesResource(s, request.resource) &&
    (!isResourcePolicy || matchesPrincipal(s, request.principalArn)) &&
    conditionsHold(s, context);
  const matching = [
    ...policies.identity.filter((s) => applies(s, false)),
    ...policies.resource.filter((s) => applies(s, true)),
  ];
  const denies = matching.filter((s) => s.Effect === 'Deny');
  if (denies.length > 0) return { decision: 'ExplicitDeny', decidedBy: denies };
  const allows = matching.filter((s) => s.Effect === 'Allow');
  return allows.length > 0 ? { decision: 'Allow', decidedBy: allows } : { decision: 'ImplicitDeny', decidedBy: [] };
}
