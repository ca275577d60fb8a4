/**
 * How every function reads its environment: once, at module load, collecting every problem and
 * failing with all of them at once, each naming the variable, the value it got and what is allowed
 * (Powertools' guidance: required environment read once, failing fast with the variable's name).
 * Each function's `loadConfig` describes its variables with these readers and adds the checks
 * that relate two of them.
 */

export type Environment = Readonly<Record<string, string | undefined>>;

/** The environment is missing a variable or holds a value the function cannot use. */
export class ConfigError extends Error {
  constructor(
    readonly functionName: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${functionName} environment: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export interface NumberRule {
  readonly min: number;
  readonly max: number;
  /** Used when the variable is unset or blank; without it the variable is required. */
  readonly fallback?: number;
  /** @default true */
  readonly integer?: boolean;
}

/** Readers over one environment; each records a problem instead of throwing. */
export interface EnvironmentReader {
  /** Set and not blank; trimmed. */
  text(name: string): string;
  /** Set (blank allowed, e.g. an empty list); as given. */
  present(name: string): string;
  /** Trimmed, or undefined when unset or blank. */
  optional(name: string): string | undefined;
  /** A number within the rule's range. */
  number(name: string, rule: NumberRule): number;
  /** A problem no reader can see (a relation between variables, a parse result). */
  problem(message: string): void;
}

/**
 * Builds a function's configuration from its environment; throws one ConfigError listing every
 * problem (never a half-read configuration).
 */
export function readEnvironment<T>(functionName: string, env: Environment, build: (read: EnvironmentReader) => T): T {
  const problems: string[] = [];
  const unset = (name: string) => `${name} is ${env[name] === undefined ? 'not set' : 'empty'}`;
  const read: EnvironmentReader = {
    text: (name) => {
      const value = env[name]?.trim() ?? '';
      if (value === '') problems.push(unset(name));
      return value;
    },
    present: (name) => {
      const value = env[name];
      if (value === undefined) problems.push(unset(name));
      return value ?? '';
    },
    optional: (name) => env[name]?.trim() || undefined,
    number: (name, rule) => {
      const raw = env[name];
      if (raw === undefined || raw.trim() === '') {
        if (rule.fallback !== undefined) return rule.fallback;
        problems.push(unset(name));
        return NaN;
      }
      const integer = rule.integer ?? true;
      const value = Number(raw);
      if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < rule.min || value > rule.max) {
        problems.push(`${name}: got ${JSON.stringify(raw)}; expected ${integer ? 'an integer' : 'a number'} from ${rule.min} to ${rule.max}`);
      }
      return value;
    },
    problem: (message) => {
      problems.push(message);
    },
  };
  const config = build(read);
  if (problems.length > 0) throw new ConfigError(functionName, problems);
  return config;
}
