/**
 * What both handlers build once per execution environment: the configuration (read from the
 * environment at module load, failing fast), the policy, the SDK clients and the stores.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { BlockTable } from './block-table';
import { BlockerDeps, writeGuard } from './blocker';
import { BlockerConfig, loadConfig } from './config';
import { IpSetStore } from './ip-set-store';
import { Logger, Metrics } from './log';
import { NeverBlockPolicy } from './never-block';

export interface Runtime {
  readonly config: BlockerConfig;
  /** Dependencies for one invocation. */
  deps(functionName: 'blocker' | 'reconciler', requestId: string | undefined): BlockerDeps;
}

export function createRuntime(env: Readonly<Record<string, string | undefined>>): Runtime {
  const config = loadConfig(env);
  const policy = new NeverBlockPolicy({ allowlist: config.neverBlock, ownCidrs: config.ownCidrs });
  const table = new BlockTable(new DynamoDBClient({}), config.tableName);
  // The SDK's own retries are off for WAF: IpSetStore retries the whole read-modify-write,
  // which is the only retry that can resolve a stale LockToken.
  const waf = new WAFV2Client({ region: config.ipv4Set.region, maxAttempts: 1 });
  const sets = new IpSetStore(waf, { retry: config.wafRetry, limit: config.maxSetSize, guard: writeGuard(policy) });
  return {
    config,
    deps: (functionName, requestId) => ({
      config,
      policy,
      table,
      sets,
      log: new Logger({ function: `ip-blocker-${functionName}`, requestId }),
      metrics: new Metrics(config.metricsNamespace, functionName),
      now: new Date(),
    }),
  };
}
