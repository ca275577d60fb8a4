import { DEFAULT_METRICS_NAMESPACE, ENV } from '../shared/contracts/database-probe';

export interface ProbeConfig {
  readonly secretArn: string;
  readonly databaseName: string;
  readonly instanceIdentifier: string;
  readonly caBundlePath: string;
  readonly metricsNamespace: string;
}

/** The environment is missing a variable or holds a value the function cannot use. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid database-probe environment: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and checks the whole environment, reporting every problem at once. The handler calls it
 * once at module load, so a misconfigured function fails its first invocation with the
 * variable's name (and publishes nothing: the alarm then fires on the silence).
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ProbeConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim() ?? '';
    if (value === '') problems.push(`${name} is ${env[name] === undefined ? 'not set' : 'empty'}`);
    return value;
  };
  const config: ProbeConfig = {
    secretArn: required(ENV.secretArn),
    databaseName: required(ENV.databaseName),
    instanceIdentifier: required(ENV.instanceIdentifier),
    caBundlePath: required(ENV.caBundlePath),
    metricsNamespace: env[ENV.metricsNamespace]?.trim() || DEFAULT_METRICS_NAMESPACE,
  };
  if (config.secretArn !== '' && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+/.test(config.secretArn)) {
    problems.push(`${ENV.secretArn}: got ${JSON.stringify(config.secretArn)}; expected a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`);
  }
  if (config.caBundlePath !== '' && !config.caBundlePath.startsWith('/')) {
    problems.push(`${ENV.caBundlePath}: got ${JSON.stringify(config.caBundlePath)}; expected an absolute path to a PEM file`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
