/**
 * What both handlers build once per execution environment: the configuration (read from the
 * environment at module load, failing fast), the policy, the SDK clients and the stores.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { InvocationContext, functionLogger, startInvocation, stringAt } from '../shared/observability';
import { BlockTable } from './block-table';
import { writeGuard } from './blocker';
import { BlockerConfig, loadConfig } from './config';
import { IpSetStore } from './ip-set-store';
import { Logger, MetricWriters, Metrics } from './log';
import { NeverBlockPolicy } from './never-block';
import { OffenceCounter } from './offence-counter';
import { QueueDeps } from './queue-batch';

export interface Runtime {
  readonly config: BlockerConfig;
  /**
   * Dependencies for one invocation, with its log context: Lambda's context (request id, cold
   * start) and the finding id as correlation id when the event carries one.
   */
  deps(context: InvocationContext | undefined, event?: unknown): QueueDeps;
}

export function createRuntime(env: Readonly<Record<string, string | undefined>>, functionName: 'blocker' | 'reconciler'): Runtime {
  const logger = functionLogger('ip-blocker', { function: `ip-blocker-${functionName}` });
  const config = loadConfig(env);
  const writers = new MetricWriters(config.metricsNamespace, functionName);
  const policy = new NeverBlockPolicy({ allowlist: config.neverBlock, ownCidrs: config.ownCidrs });
  const dynamo = new DynamoDBClient({});
  const table = new BlockTable(dynamo, config.tableName);
  const counter = new OffenceCounter(dynamo, config.tableName);
  // The SDK's own retries are off for WAF: IpSetStore retries the whole read-modify-write,
  // which is the only retry that can resolve a stale LockToken.
  const waf = new WAFV2Client({ region: config.ipv4Set.region, maxAttempts: 1 });
  const sets = new IpSetStore(waf, { retry: config.wafRetry, limit: config.maxSetSize, guard: writeGuard(policy) });
  return {
    config,
    deps: (context, event) => {
      startInvocation(logger, context, stringAt(event, ['detail', 'id']));
      return { config, policy, table, sets, counter, log: new Logger(logger), metrics: new Metrics(writers), now: new Date() };
    },
  };
}
