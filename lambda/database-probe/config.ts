import { DEFAULT_METRICS_NAMESPACE, ENV } from '../shared/contracts/database-probe';
import { Environment, readEnvironment } from '../shared/environment';

export { ConfigError } from '../shared/environment';

export interface ProbeConfig {
  readonly secretArn: string;
  readonly databaseName: string;
  readonly instanceIdentifier: string;
  readonly caBundlePath: string;
  readonly metricsNamespace: string;
}

/**
 * Reads and checks the whole environment, reporting every problem at once. The handler calls it
 * once at module load, so a misconfigured function fails its first invocation with the
 * variable's name (and publishes nothing: the alarm then fires on the silence).
 */
export function loadConfig(env: Environment): ProbeConfig {
  return readEnvironment('database-probe', env, (read) => {
    const config: ProbeConfig = {
      secretArn: read.text(ENV.secretArn),
      databaseName: read.text(ENV.databaseName),
      instanceIdentifier: read.text(ENV.instanceIdentifier),
      caBundlePath: read.text(ENV.caBundlePath),
      metricsNamespace: read.optional(ENV.metricsNamespace) ?? DEFAULT_METRICS_NAMESPACE,
    };
    if (config.secretArn !== '' && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+/.test(config.secretArn)) {
      read.problem(`${ENV.secretArn}: got ${JSON.stringify(config.secretArn)}; expected a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`);
    }
    if (config.caBundlePath !== '' && !config.caBundlePath.startsWith('/')) {
      read.problem(`${ENV.caBundlePath}: got ${JSON.stringify(config.caBundlePath)}; expected an absolute path to a PEM file`);
    }
    return config;
  });
}
