import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { HardenedConfig } from '../config/types';
import { retainedName } from '../config/retained-name';
import { FirewallAlertCopy } from '../network/firewall-alert-copy';
import { resourcelessActionsPolicy } from '../core/hardened-function';
import { InspectionFirewall } from '../network/inspection-firewall';
import { LOG_ARCHIVE_PREFIXES, LogArchive } from '../audit/log-archive';
import { ServiceEndpoints } from '../network/service-endpoints';
import { TierSecurityGroups } from '../network/tier-security-groups';
import { TieredVpc } from '../network/tiered-vpc';

export interface NetworkStackProps extends StackProps {
  readonly config: HardenedConfig;
  readonly logArchive: LogArchive;
}

/** The perimeter (NET-1..4, NET-6, NET-7, LOG-1, LOG-4): VPC tiers, Network Firewall, security groups, endpoints. */
export class NetworkStack extends Stack {
  public readonly network: TieredVpc;
  public readonly vpc: ec2.Vpc;
  public readonly firewall: InspectionFirewall;
  public readonly securityGroups: TierSecurityGroups;
  /** The firewall's ALERT logs, searchable in CloudWatch Logs (LOG-1). */
  public readonly alertCopy: FirewallAlertCopy;
  /**
   * The actions every function of the app that runs in this VPC needs and that take no
   * resource-level permissions (X-Ray, Lambda's network interfaces): one policy, granted and
   * reviewed once, which each function's role names (the alert copy here, the IP blocker, the
   * received-files mover).
   */
  public readonly vpcFunctionActions: iam.ManagedPolicy;
  /** The NAT gateways' Elastic IPs as /32 blocks: where the app tier's (and, in pattern 3, the canary's) traffic comes from. */
  public readonly natGatewayCidrs: string[];

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.network = new TieredVpc(this, 'Network', {
      cidr: config.network.vpcCidr,
      maxAzs: config.network.maxAzs,
      flowLogBucket: props.logArchive.bucket,
      flowLogPrefix: LOG_ARCHIVE_PREFIXES.flowLogs,
    });
    this.vpc = this.network.vpc;
    this.natGatewayCidrs = this.network.natGatewayCidrs();
    this.firewall = new InspectionFirewall(this, 'InspectionFirewall', {
      network: this.network,
      firewallName: `${config.projectName}-inspection`,
      egressAllowedDomains: egressDomains(config),
      customIpsRules: config.network.customIpsRules,
      logBucket: props.logArchive.bucket,
      logPrefix: LOG_ARCHIVE_PREFIXES.firewall,
    });
    this.securityGroups = new TierSecurityGroups(this, 'Tiers', {
      vpc: this.vpc,
      vpcCidr: config.network.vpcCidr,
      appPort: config.app.containerPort,
      databasePort: config.data.port,
      siteAllowlist: config.edge.authPattern === 3 ? config.edge.siteAllowlist : [],
      // Pattern 3: the canary probes from the app subnets, through these NAT addresses.
      ownSources: config.edge.authPattern === 3 ? this.network.natGatewayCidrs() : [],
      albSignsIn: config.edge.authPattern >= 1,
    });
    new ServiceEndpoints(this, 'Endpoints', { vpc: this.vpc, securityGroup: this.securityGroups.endpoints });
    this.vpcFunctionActions = resourcelessActionsPolicy(this, 'VpcFunctionActions', {
      inVpc: true,
      usedBy: 'every function of the app that runs in the VPC (the firewall alert copy, the IP blocker functions, the received-files mover)',
    });
    this.alertCopy = new FirewallAlertCopy(this, 'FirewallAlertCopy', {
      resourcelessActions: this.vpcFunctionActions,
      network: this.network,
      logArchive: props.logArchive,
      alertObjectPrefix: this.firewall.alertObjectPrefix,
      logGroupName: retainedName(config, `/${config.projectName}/network-firewall/alerts`),
      retentionDays: config.logs.retentionDays,
      aliasPrefix: config.projectName,
    });
  }
}

/**
 * The configured egress allowlist plus what the stack itself needs: the IP blocker (in the app
 * subnets) calls the WAF, GuardDuty and X-Ray APIs and its intake the SQS API (the offence queue),
 * which have no VPC endpoint here; with sign-in
 * at the ALB (pattern ≥ 1) the load balancer calls Cognito's hosted domain.
 */
export function egressDomains(config: HardenedConfig): string[] {
  const region = config.primaryRegion;
  const domains = [...config.network.egressAllowedDomains, `wafv2.${region}.amazonaws.com`, `guardduty.${region}.amazonaws.com`, `xray.${region}.amazonaws.com`, `sqs.${region}.amazonaws.com`];
  // Pattern 3: the canary runs in the app subnets and reaches the site by its name, through the firewall.
  if (config.edge.authPattern === 3 && config.edge.certificate.domainName) domains.push(config.edge.certificate.domainName);
  if (config.edge.authPattern >= 1) domains.push(`.auth.${config.primaryRegion}.amazoncognito.com`, `cognito-idp.${config.primaryRegion}.amazonaws.com`);
  return [...new Set(domains)];
}
