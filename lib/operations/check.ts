/**
 * The verdicts of `npm run preflight` and `npm run verify`: one row per check (and region), with
 * the fix an operator applies when it is not PASS. A check is a gatherer (SDK calls) around a pure
 * evaluation, so the evaluation can be judged on facts and the gatherer against moto.
 */
export type Verdict = 'PASS' | 'WARN' | 'FAIL';

export interface CheckResult {
  /** Short name of what was checked (`credentials`, `cdk bootstrap`). */
  readonly check: string;
  /** Region the result is about. @default - account-wide */
  readonly region?: string;
  readonly verdict: Verdict;
  /** What was found, with the figures. */
  readonly detail: string;
  /** What to do about a WARN or FAIL. */
  readonly fix?: string;
}

export const pass = (check: string, detail: string, region?: string): CheckResult => ({ check, region, verdict: 'PASS', detail });
export const warn = (check: string, detail: string, fix: string, region?: string): CheckResult => ({ check, region, verdict: 'WARN', detail, fix });
export const fail = (check: string, detail: string, fix: string, region?: string): CheckResult => ({ check, region, verdict: 'FAIL', detail, fix });

/** One check: gathers facts with the clients of `ctx` and returns one result per region it looks at. */
export interface Check<C> {
  readonly name: string;
  run(ctx: C): Promise<CheckResult[]>;
}

/**
 * Runs every check, one after the other (read-only calls; a few seconds in all). A check that
 * throws (no permission, a throttled or unreachable endpoint) is a FAIL of that check only: the
 * others still run, so one missing permission does not hide the rest of the table.
 */
export async function runChecks<C>(checks: readonly Check<C>[], ctx: C): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      results.push(...(await check.run(ctx)));
    } catch (e) {
      results.push(errorResult(check.name, e));
    }
  }
  return results;
}

/** A failed call as a FAIL row: the service's error name and message, and the usual fix. */
export function errorResult(check: string, e: unknown, region?: string): CheckResult {
  const err = e as { name?: string; message?: string; Code?: string };
  const name = err.name ?? err.Code ?? 'Error';
  // One line: the SDK appends hints on further lines that would break the table.
  const message = `${name}: ${(err.message ?? String(e)).split('\n')[0]}`;
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized|Forbidden/i.test(name)) {
    return fail(check, message, 'Run with a role that has read-only access to this service (the AWS managed ReadOnlyAccess policy covers every check).', region);
  }
  if (/CredentialsProviderError|ExpiredToken|InvalidClientTokenId|UnrecognizedClient/i.test(name)) {
    return fail(check, message, 'Sign in (aws sso login, or set AWS_PROFILE / AWS_ACCESS_KEY_ID) for the account in the configuration.', region);
  }
  return fail(check, message, 'The call failed: rerun; if it persists, check the network path to the AWS endpoint and the error above.', region);
}

/** 0 when nothing failed (WARN passes a gate), 1 when any check failed. */
export function exitCodeOf(results: readonly CheckResult[]): number {
  return results.some((r) => r.verdict === 'FAIL') ? 1 : 0;
}
