import { DescribeStacksCommand, ListStackResourcesCommand, Stack, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import type { HardenedConfig } from '../config/types';
import { AwsClients } from './clients';

/** The stacks of one deployment (lib/hardened-app.ts names them `<PascalProject>-<Part>`). */
export type StackPart = 'Audit' | 'Alerting' | 'Network' | 'Edge' | 'Data' | 'Dr' | 'App' | 'Threat' | 'Monitoring' | 'Files';

export function stackName(config: Pick<HardenedConfig, 'projectName'>, part: StackPart): string {
  return `${config.projectName.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}-${part}`;
}

export function stackRegion(config: Pick<HardenedConfig, 'primaryRegion' | 'drRegion'>, part: StackPart): string {
  return part === 'Dr' ? config.drRegion : config.primaryRegion;
}

/**
 * A deployed resource the operations commands read, found in its stack by type and, where the
 * stack holds several of that type, by the start of its logical id (the construct path CDK hashes
 * into it). Physical names are the other engineers' to change (generated names survive a
 * redeploy after destroy); the construct path is the stable contract.
 */
export interface ResourceLocator {
  readonly stack: StackPart;
  readonly type: string;
  readonly logicalIdPrefix?: string;
}

export const RESOURCES = {
  logArchiveBucket: { stack: 'Audit', type: 'AWS::S3::Bucket', logicalIdPrefix: 'LogArchiveBucket' },
  firewall: { stack: 'Network', type: 'AWS::NetworkFirewall::Firewall' },
  firewallAlertLogGroup: { stack: 'Network', type: 'AWS::Logs::LogGroup', logicalIdPrefix: 'FirewallAlertCopyAlerts' },
  backupVault: { stack: 'Data', type: 'AWS::Backup::BackupVault' },
  drBackupVault: { stack: 'Dr', type: 'AWS::Backup::BackupVault' },
  replica: { stack: 'Dr', type: 'AWS::RDS::DBInstance' },
  cluster: { stack: 'App', type: 'AWS::ECS::Cluster' },
  canary: { stack: 'Monitoring', type: 'AWS::Synthetics::Canary' },
} as const satisfies Record<string, ResourceLocator>;

/** The resources whose logical id starts with the locator's prefix (all of the type without one). */
export function matchResources(resources: readonly StackResourceSummary[], locator: ResourceLocator): StackResourceSummary[] {
  return resources.filter(
    (r) =>
      r.ResourceType === locator.type &&
      (!locator.logicalIdPrefix || (r.LogicalResourceId ?? '').startsWith(locator.logicalIdPrefix)) &&
      !!r.PhysicalResourceId,
  );
}

/** What CloudFormation says about the deployment: stacks and their resources, read once each. */
export class Deployment {
  private readonly stacks = new Map<StackPart, Promise<Stack | undefined>>();
  private readonly resources = new Map<StackPart, Promise<StackResourceSummary[]>>();

  constructor(
    public readonly config: HardenedConfig,
    private readonly clients: AwsClients,
  ) {}

  /** The stack, or undefined when it does not exist (never deployed, or deleted). */
  public stack(part: StackPart): Promise<Stack | undefined> {
    let found = this.stacks.get(part);
    if (!found) {
      const cfn = this.clients.client('cloudformation', stackRegion(this.config, part));
      found = cfn.send(new DescribeStacksCommand({ StackName: stackName(this.config, part) })).then(
        (out) => out.Stacks?.[0],
        (e: Error) => {
          if (/does not exist/i.test(e.message)) return undefined;
          throw e;
        },
      );
      this.stacks.set(part, found);
    }
    return found;
  }

  /** True when the stack exists and is not deleted or being deleted. */
  public async deployed(part: StackPart): Promise<boolean> {
    const s = await this.stack(part);
    return !!s && !/^DELETE_/.test(s.StackStatus ?? '');
  }

  /** The physical id of a located resource, or undefined when the stack or the resource is missing. */
  public async physicalId(locator: ResourceLocator): Promise<string | undefined> {
    if (!(await this.deployed(locator.stack))) return undefined;
    return matchResources(await this.listResources(locator.stack), locator)[0]?.PhysicalResourceId;
  }

  private listResources(part: StackPart): Promise<StackResourceSummary[]> {
    let listed = this.resources.get(part);
    if (!listed) {
      listed = (async () => {
        const cfn = this.clients.client('cloudformation', stackRegion(this.config, part));
        const all: StackResourceSummary[] = [];
        let token: string | undefined;
        do {
          const out = await cfn.send(new ListStackResourcesCommand({ StackName: stackName(this.config, part), NextToken: token }));
          all.push(...(out.StackResourceSummaries ?? []));
          token = out.NextToken;
        } while (token);
        return all;
      })();
      this.resources.set(part, listed);
    }
    return listed;
  }
}
