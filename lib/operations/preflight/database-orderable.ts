import { DescribeOrderableDBInstanceOptionsCommand, OrderableDBInstanceOption } from '@aws-sdk/client-rds';
import { pinnedAvailabilityZones } from '../cli-config';
import { Check, CheckResult, fail, pass } from '../check';
import { PreflightContext } from './context';

const CHECK = 'database orderable';

/** `data.engineVersion` is a full version (`17.6`) or, once the configuration allows it, a major (`17`). */
export function versionMatches(configured: string, offered: string | undefined): boolean {
  if (!offered) return false;
  return configured.includes('.') ? offered === configured : offered === configured || offered.startsWith(`${configured}.`);
}

const compareVersions = (a: string, b: string) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

export interface OrderableInput {
  readonly engineVersion: string;
  /** `db.` + `data.instanceType`. */
  readonly instanceClass: string;
  /** Zones the stack places the instance in (pinned in the CDK context), if known. */
  readonly zones?: readonly string[];
  /** The primary is Multi-AZ; the DR replica is a single instance. */
  readonly multiAz: boolean;
}

/**
 * The engine version and instance class must be orderable in the region, in the zones the
 * subnets use (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeOrderableDBInstanceOptions.html);
 * minor versions leave standard support and stop being orderable.
 */
export function evaluateOrderable(options: readonly OrderableDBInstanceOption[], input: OrderableInput, region: string): CheckResult {
  const what = `postgres ${input.engineVersion} on ${input.instanceClass}`;
  const fix = `Pick an orderable version/class: aws rds describe-orderable-db-instance-options --engine postgres --db-instance-class ${input.instanceClass} --region ${region} --query "OrderableDBInstanceOptions[].EngineVersion"`;
  const matching = options.filter((o) => o.DBInstanceClass === input.instanceClass && versionMatches(input.engineVersion, o.EngineVersion) && (!input.multiAz || o.MultiAZCapable));
  if (matching.length === 0) return fail(CHECK, `${what}${input.multiAz ? ' (Multi-AZ)' : ''} is not orderable`, fix, region);
  const versions = [...new Set(matching.map((o) => o.EngineVersion!))].sort(compareVersions);
  const zonesOffered = new Set(matching.flatMap((o) => (o.AvailabilityZones ?? []).map((z) => z.Name!)));
  const missing = (input.zones ?? []).filter((z) => !zonesOffered.has(z));
  if (missing.length > 0) {
    return fail(CHECK, `${what} is not offered in ${missing.join(', ')}`, `Use a class offered in every zone of the VPC, or pin other zones in cdk.json (availability-zones:…). ${fix}`, region);
  }
  return pass(CHECK, `${what}${input.engineVersion.includes('.') ? '' : ` (newest ${versions[versions.length - 1]})`} orderable${input.zones ? ` in ${input.zones.join(', ')}` : ''}`, region);
}

export const databaseOrderableCheck: Check<PreflightContext> = {
  name: CHECK,
  async run({ config, clients, context }) {
    const results: CheckResult[] = [];
    const instanceClass = `db.${config.data.instanceType}`;
    for (const [region, multiAz] of [[config.primaryRegion, true], [config.drRegion, false]] as const) {
      const options: OrderableDBInstanceOption[] = [];
      let marker: string | undefined;
      do {
        const out = await clients.client('rds', region).send(
          new DescribeOrderableDBInstanceOptionsCommand({
            Engine: 'postgres',
            DBInstanceClass: instanceClass,
            ...(config.data.engineVersion.includes('.') ? { EngineVersion: config.data.engineVersion } : {}),
            Marker: marker,
          }),
        );
        options.push(...(out.OrderableDBInstanceOptions ?? []));
        marker = out.Marker;
      } while (marker);
      const zones = pinnedAvailabilityZones(context, config.account, region, config.network.maxAzs);
      results.push(evaluateOrderable(options, { engineVersion: config.data.engineVersion, instanceClass, zones, multiAz }, region));
    }
    return results;
  },
};
