import { availabilityZonesHint, unpinnedAvailabilityZones } from './availability-zones';
import { formatPlaceholders, placeholdersInUse } from './placeholders';
import { HardenedConfig } from './types';

/**
 * What the entry point tells the user about an accepted configuration, one line each: every
 * placeholder still in use (`UNSET field = value → …`, which `npm run synth` repeats in its
 * summary) and every region whose availability zones the context does not pin.
 */
export function configurationNotices(config: HardenedConfig, context: Record<string, unknown>): string[] {
  return [
    ...formatPlaceholders(placeholdersInUse(config)),
    ...unpinnedAvailabilityZones(config, context).map(({ account, region }) => `NOTICE ${availabilityZonesHint(account, region)}`),
  ];
}
