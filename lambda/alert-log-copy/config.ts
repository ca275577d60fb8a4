import { ENV } from '../shared/contracts/alert-log-copy';
import { Environment, readEnvironment } from '../shared/environment';

export { ConfigError } from '../shared/environment';

export interface CopyConfig {
  readonly logGroupName: string;
  readonly archiveBucket: string;
  /** Ends with `/`: only objects under it are copied. */
  readonly alertKeyPrefix: string;
}

/**
 * Reads and checks the whole environment, reporting every problem at once. The handler calls it
 * once at module load, so a misconfigured function fails its first invocation with the
 * variable's name.
 */
export function loadConfig(env: Environment): CopyConfig {
  return readEnvironment('alert-log-copy', env, (read) => {
    const config: CopyConfig = {
      logGroupName: read.text(ENV.logGroupName),
      archiveBucket: read.text(ENV.archiveBucket),
      alertKeyPrefix: read.text(ENV.alertKeyPrefix),
    };
    if (config.alertKeyPrefix !== '' && !/\/network-firewall\/alert\/.+\/$/.test(config.alertKeyPrefix)) {
      read.problem(
        `${ENV.alertKeyPrefix}: got ${JSON.stringify(config.alertKeyPrefix)}; expected the ALERT objects' prefix, ending in "/network-firewall/alert/<region>/<firewall>/"`,
      );
    }
    return config;
  });
}
