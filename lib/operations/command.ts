import { ConfigError } from '../config/load';
import { Check, CheckResult, exitCodeOf, runChecks } from './check';
import { AwsClients, AwsClientsOptions } from './clients';
import { OperationsInput, UsageError, loadOperationsInput } from './cli-config';
import { Deployment } from './deployment';
import { formatTable } from './table';

export interface CommandContext extends OperationsInput {
  readonly clients: AwsClients;
  readonly deployment: Deployment;
  readonly now: Date;
}

export interface CommandRun {
  readonly results: CheckResult[];
  readonly table: string;
  readonly exitCode: number;
}

/** Runs a list of checks for one configuration and prints nothing: the table and exit code are returned. */
export async function runCommand<C extends CommandContext>(
  title: string,
  checks: readonly Check<C>[],
  input: OperationsInput,
  clientOptions: AwsClientsOptions = {},
  extend: (ctx: CommandContext) => C = (ctx) => ctx as C,
): Promise<CommandRun> {
  const clients = new AwsClients(clientOptions);
  try {
    const ctx = extend({ ...input, clients, deployment: new Deployment(input.config, clients), now: new Date() });
    const results = await runChecks(checks, ctx);
    const heading = `${title}: ${input.config.projectName}, account ${input.config.account}, ${input.config.primaryRegion} + ${input.config.drRegion}`;
    return { results, table: formatTable(heading, results), exitCode: exitCodeOf(results) };
  } finally {
    clients.destroy();
  }
}

/** Exit code of a command that could not run at all (bad flags or configuration): distinct from a FAIL (1). */
export const USAGE_EXIT_CODE = 2;

/** The scripts' entry: flags → configuration → checks → table on stdout → exit code. */
export async function main<C extends CommandContext>(title: string, checks: readonly Check<C>[], extend?: (ctx: CommandContext) => C): Promise<void> {
  let input: OperationsInput;
  try {
    input = loadOperationsInput(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = USAGE_EXIT_CODE;
      return;
    }
    throw e;
  }
  if (input.args.profile) process.env.AWS_PROFILE = input.args.profile;
  const run = await runCommand(title, checks, input, {}, extend);
  process.stdout.write(run.table);
  // exitCode, not exit(): the table must drain to a pipe before the process ends (clients are closed).
  process.exitCode = run.exitCode;
}
