import { GetAccountSettingsCommand } from '@aws-sdk/client-lambda';
import type { HardenedConfig } from '../../config/types';
import { Check, CheckResult, fail, pass } from '../check';
import type { StackPart } from '../deployment';
import { PreflightContext } from './context';

const CHECK = 'lambda concurrency';
/**
 * Lambda keeps at least 100 units of the account's concurrency unreserved: a reservation that
 * would leave less fails (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
 */
export const UNRESERVED_MINIMUM = 100;

export interface Reservation {
  readonly fn: string;
  readonly stack: StackPart;
  readonly units: number;
}

/**
 * The stack's reserved concurrency: today's fixed figures (`reservedConcurrentExecutions` in
 * lib/threat/ip-blocker.ts, lib/network/firewall-alert-copy.ts, lib/files/scan-result-routing.ts,
 * lib/monitoring/database-probe.ts).
 * Read defensively from `lambdaReservedConcurrency` should the configuration carry it:
 * `false`/`0` reserves nothing, a number is the reservation of each function, an object gives a
 * figure per function (`blocker`, `reconciler`, `intake`, `alertCopy`, `filesRouting`, `databaseProbe`).
 */
export function stackReservations(config: HardenedConfig): Reservation[] {
  const defaults: Reservation[] = [
    { fn: 'blocker', stack: 'Threat', units: 1 },
    { fn: 'reconciler', stack: 'Threat', units: 1 },
    { fn: 'intake', stack: 'Threat', units: 2 },
    { fn: 'alertCopy', stack: 'Network', units: 1 },
    { fn: 'filesRouting', stack: 'Files', units: 10 },
    { fn: 'databaseProbe', stack: 'Monitoring', units: 1 },
  ];
  const setting = (config as unknown as { lambdaReservedConcurrency?: unknown }).lambdaReservedConcurrency;
  if (setting === undefined || setting === true) return defaults;
  if (setting === false || setting === 0) return [];
  if (typeof setting === 'number') return defaults.map((r) => ({ ...r, units: setting }));
  if (typeof setting === 'object' && setting !== null) {
    const per = setting as Record<string, unknown>;
    return defaults.map((r) => ({ ...r, units: typeof per[r.fn] === 'number' ? (per[r.fn] as number) : per[r.fn] === false ? 0 : r.units }));
  }
  return defaults;
}

export interface ConcurrencyFacts {
  /** Account concurrency (AccountLimit.ConcurrentExecutions). */
  readonly accountLimit: number;
  /** AccountLimit.UnreservedConcurrentExecutions: what is left after existing reservations. */
  readonly unreserved: number;
  /** Units this deployment still has to reserve (stacks already deployed hold theirs). */
  readonly toReserve: number;
}

export function evaluateConcurrency(facts: ConcurrencyFacts, region: string): CheckResult {
  const left = facts.unreserved - facts.toReserve;
  const detail = `account limit ${facts.accountLimit}, unreserved ${facts.unreserved}, the stacks reserve ${facts.toReserve} → ${left} left (minimum ${UNRESERVED_MINIMUM})`;
  if (left < UNRESERVED_MINIMUM) {
    return fail(
      CHECK,
      detail,
      `Request a higher "Concurrent executions" quota in Service Quotas (Lambda, ${region}) to at least ${facts.accountLimit + UNRESERVED_MINIMUM - left}, or reduce the stack's reserved concurrency in the configuration.`,
      region,
    );
  }
  return pass(CHECK, detail, region);
}

export const lambdaConcurrencyCheck: Check<PreflightContext> = {
  name: CHECK,
  async run({ config, clients, deployment }) {
    const region = config.primaryRegion;
    // https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html
    const out = await clients.client('lambda', region).send(new GetAccountSettingsCommand({}));
    let toReserve = 0;
    for (const r of stackReservations(config)) if (!(await deployment.deployed(r.stack))) toReserve += r.units;
    const results: CheckResult[] = [
      evaluateConcurrency(
        { accountLimit: out.AccountLimit?.ConcurrentExecutions ?? 0, unreserved: out.AccountLimit?.UnreservedConcurrentExecutions ?? 0, toReserve },
        region,
      ),
    ];
    return results;
  },
};
