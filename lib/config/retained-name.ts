import { HardenedConfig } from './types';

/**
 * The physical name of a resource that `cdk destroy` keeps (DATA-5): `base` + `retainedNameSuffix`.
 *
 * A retained resource outlives its stack with its name, so a new deployment that asks for the same
 * name fails with "already exists". Every such name goes through here, so one configuration value
 * moves a new deployment past everything a destroyed one left behind, while the names stay
 * deterministic: the DR region's vault ARN and the replica's source are still literals built from
 * the configuration alone (lib/data/names.ts). README "Destroying and deploying again".
 */
export function retainedName(config: Pick<HardenedConfig, 'retainedNameSuffix'>, base: string): string {
  return `${base}${config.retainedNameSuffix ?? ''}`;
}
