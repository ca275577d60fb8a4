import { ENV } from '../shared/contracts/alert-log-copy';

export interface CopyConfig {
  readonly logGroupName: string;
  readonly archiveBucket: string;
  /** Ends with `/`: only objects under it are copied. */
  readonly alertKeyPrefix: string;
}

/** The environment is missing a variable or holds a value the function cannot use. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid alert-log-copy environment: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and checks the whole environment, reporting every problem at once. The handler calls it
 * once at module load, so a misconfigured function fails its first invocation with the
 * variable's name.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): CopyConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim() ?? '';
    if (value === '') problems.push(`${name} is ${env[name] === undefined ? 'not set' : 'empty'}`);
    return value;
  };
  const config: CopyConfig = {
    logGroupName: required(ENV.logGroupName),
    archiveBucket: required(ENV.archiveBucket),
    alertKeyPrefix: required(ENV.alertKeyPrefix),
  };
  if (config.alertKeyPrefix !== '' && !/\/network-firewall\/alert\/.+\/$/.test(config.alertKeyPrefix)) {
    problems.push(
      `${ENV.alertKeyPrefix}: got ${JSON.stringify(config.alertKeyPrefix)}; expected the ALERT objects' prefix, ending in "/network-firewall/alert/<region>/<firewall>/"`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
