import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../config/load';
import type { HardenedConfig } from '../config/types';

/** A command-line flag the operations commands do not accept; the message names it and what is allowed. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OperationsArgs {
  /** `-c key=value` / `--context key=value`, exactly as `npm run synth` takes them. */
  readonly context: Record<string, string>;
  /** `--profile name`: the AWS profile to use (the CDK CLI's flag). */
  readonly profile?: string;
  /** `--client-cert file --client-key file` (verify, patterns 2–3): the TLS probe's client certificate. */
  readonly clientCertFile?: string;
  readonly clientKeyFile?: string;
}

const USAGE =
  'Accepted flags: -c key=value (or --context key=value, the same as npm run synth: -c config=prod.json, -c authPattern=2), ' +
  '--profile <aws profile>, and for verify --client-cert <pem file> --client-key <pem file>.';

/** Parses the flags; an unknown flag or a malformed value is a UsageError naming it. */
export function parseOperationsArgs(argv: readonly string[]): OperationsArgs {
  const context: Record<string, string> = {};
  const out: { profile?: string; clientCertFile?: string; clientKeyFile?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`Flag ${flag} needs a value. ${USAGE}`);
      return v;
    };
    switch (flag) {
      case '-c':
      case '--context': {
        const pair = value();
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new UsageError(`Flag ${flag}: got "${pair}"; expected key=value (for example -c config=prod.json).`);
        context[pair.slice(0, eq)] = pair.slice(eq + 1);
        break;
      }
      case '--profile':
        out.profile = value();
        break;
      case '--client-cert':
        out.clientCertFile = value();
        break;
      case '--client-key':
        out.clientKeyFile = value();
        break;
      default:
        throw new UsageError(`Unknown flag "${arg}". ${USAGE}`);
    }
  }
  if (!!out.clientCertFile !== !!out.clientKeyFile) throw new UsageError('--client-cert and --client-key go together: give both PEM files or neither.');
  return { context, ...out };
}

/**
 * The context the CDK CLI would hand the app: `cdk.json`'s `context`, then `cdk.context.json`,
 * then the `-c` flags (the CLI's precedence), so preflight and verify judge the same
 * configuration `npm run synth` and `cdk deploy` build.
 */
export function cliContext(flags: Record<string, string>, cwd: string): Record<string, unknown> {
  const read = (file: string): Record<string, unknown> => {
    const full = path.join(cwd, file);
    if (!fs.existsSync(full)) return {};
    const parsed = JSON.parse(fs.readFileSync(full, 'utf8')) as Record<string, unknown>;
    return file === 'cdk.json' ? ((parsed.context as Record<string, unknown>) ?? {}) : parsed;
  };
  return { ...read('cdk.json'), ...read('cdk.context.json'), ...flags };
}

export interface OperationsInput {
  readonly config: HardenedConfig;
  readonly context: Record<string, unknown>;
  readonly args: OperationsArgs;
}

/** Flags → validated configuration (throws UsageError or the configuration's ConfigError). */
export function loadOperationsInput(argv: readonly string[], cwd: string = process.cwd()): OperationsInput {
  const args = parseOperationsArgs(argv);
  const context = cliContext(args.context, cwd);
  const config = loadConfig({ context: (key) => context[key], cwd });
  return { config, context, args };
}

/** The availability zones synth uses for an account and region (pinned in `cdk.json` / `cdk.context.json`). */
export function pinnedAvailabilityZones(context: Record<string, unknown>, account: string, region: string, maxAzs: number): string[] | undefined {
  const zones = context[`availability-zones:account=${account}:region=${region}`];
  return Array.isArray(zones) ? (zones as string[]).slice(0, maxAzs) : undefined;
}
