import type { HardenedConfig } from '../../config/types';
import { AwsClients } from '../clients';
import { Deployment } from '../deployment';

/** What every preflight check reads: the configuration synth builds, its CLI context, the clients. */
export interface PreflightContext {
  readonly config: HardenedConfig;
  /** The CDK context (`cdk.json`, `cdk.context.json`, `-c`): pinned availability zones live here. */
  readonly context: Record<string, unknown>;
  readonly clients: AwsClients;
  readonly deployment: Deployment;
  readonly now: Date;
}

/** Both regions of the deployment, primary first. */
export function regionsOf(config: Pick<HardenedConfig, 'primaryRegion' | 'drRegion'>): string[] {
  return [config.primaryRegion, config.drRegion];
}
