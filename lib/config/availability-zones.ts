import { HardenedConfig } from './types';

/**
 * Availability zones come from CDK context: offline synthesis needs them pinned, one
 * `availability-zones:account=…:region=…` entry per account and region, or CDK asks AWS for them
 * with the caller's credentials (and records the answer in `cdk.context.json`)
 * (https://docs.aws.amazon.com/cdk/v2/guide/context.html). Without either, synth fails with an
 * error annotation whose reason (no credentials) names neither the key nor the fix: these
 * helpers say both.
 */
export function availabilityZonesContextKey(account: string, region: string): string {
  return `availability-zones:account=${account}:region=${region}`;
}

// Zone names differ between accounts (the letters map to different zones), and Tokyo's "b" is
// closed to new accounts: an example only, the real list is the account's.
const EXAMPLE_SUFFIXES: Record<string, string[]> = { 'ap-northeast-1': ['a', 'c', 'd'] };

/** What to add, or to run, when the zones of `region` for `account` are not pinned. */
export function availabilityZonesHint(account: string, region: string): string {
  const example = (EXAMPLE_SUFFIXES[region] ?? ['a', 'b', 'c']).map((s) => `"${region}${s}"`).join(', ');
  return (
    `Availability zones of ${region} for account ${account} are not pinned in the CDK context. Either add to cdk.json's "context" ` +
    `"${availabilityZonesContextKey(account, region)}": [${example}] (the account's own names: ` +
    `aws ec2 describe-availability-zones --region ${region} --query "AvailabilityZones[?ZoneType=='availability-zone'].ZoneName"), ` +
    `or synthesize once with credentials for account ${account}, which looks them up and records them in cdk.context.json.`
  );
}

/** The regions of `config` whose zones `context` does not pin (missing, or a failed lookup's error value). */
export function unpinnedAvailabilityZones(config: HardenedConfig, context: Record<string, unknown>): { account: string; region: string; key: string }[] {
  return [config.primaryRegion, config.drRegion]
    .map((region) => ({ account: config.account, region, key: availabilityZonesContextKey(config.account, region) }))
    .filter(({ key }) => !(Array.isArray(context[key]) && (context[key] as unknown[]).length > 0));
}

/**
 * The fix for a synth annotation, when it is the failed zone lookup CDK reports as "Need to
 * perform AWS calls for account …, but no credentials have been configured"; `region` is the
 * annotated stack's.
 */
export function annotationHint(description: string, region: string): string | undefined {
  const lookup = /Need to perform AWS calls for account (\d{12})/.exec(description);
  return lookup ? availabilityZonesHint(lookup[1], region) : undefined;
}
