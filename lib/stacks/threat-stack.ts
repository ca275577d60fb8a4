import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { HardenedConfig } from '../config/types';
import { managedKey } from '../core/managed-key';
import { IpBlocker } from '../threat/ip-blocker';
import { natAddresses, offencePolicyOf } from '../threat/offence-sources';

export interface ThreatStackProps extends StackProps {
  readonly config: HardenedConfig;
  /** The web ACL's threat block lists (EdgeStack), maintained at run time by the blocker. */
  readonly blockListIpv4: wafv2.CfnIPSet;
  readonly blockListIpv6: wafv2.CfnIPSet;
  /** Addresses the edge admits on purpose (admin and site allowlists): never blocked. */
  readonly allowlistedCidrs: readonly string[];
  /** The VPC and the subnets the blocker's functions run in (the app tier: endpoints plus inspected egress). */
  readonly vpc: ec2.IVpc;
  readonly functionSubnets: ec2.SubnetSelection;
  /** The resourceless actions of the app's functions in the VPC (NetworkStack.vpcFunctionActions). */
  readonly vpcFunctionActions: iam.IManagedPolicy;
  /** The nightly plan with the DR copy (DataStack) and its job role: the block table joins it. */
  readonly backupPlan: backup.IBackupPlan;
  readonly backupRole: iam.IRole;
  /** Log groups whose offences feed the blocker: the firewall's ALERT copy, the WAF log group. */
  readonly offenceLogs?: { readonly firewallAlerts?: logs.ILogGroup; readonly waf?: logs.ILogGroup };
}

/**
 * Threat detection with automated response (MON-3, MON-4): GuardDuty findings at or above the
 * configured severity reach the blocker, which puts the attackers' addresses into the WAF block
 * lists with an expiry; a reconciler expires them and catches missed findings.
 */
export class ThreatStack extends Stack {
  public readonly blocker: IpBlocker;

  constructor(scope: Construct, id: string, props: ThreatStackProps) {
    super(scope, id, props);
    const { config } = props;
    const key = managedKey(this, 'Key', { purpose: 'threat response: block table, queues and logs', alias: `${config.projectName}/threat` });
    this.blocker = new IpBlocker(this, 'IpBlocker', {
      ipv4Set: props.blockListIpv4,
      ipv6Set: props.blockListIpv6,
      neverBlock: [...new Set([...props.allowlistedCidrs, ...config.threat.neverBlock])],
      // Our own ranges in both regions, and the NAT gateways' public addresses (our workloads'
      // traffic out, and the canary's if it runs in the VPC): never an attacker.
      ownCidrs: [config.network.vpcCidr, config.network.drVpcCidr, ...natAddresses(props.vpc)],
      blockTtl: Duration.hours(config.threat.blockTtlHours),
      minSeverity: config.threat.minSeverity,
      offencePolicy: offencePolicyOf(config),
      offenceLogs: props.offenceLogs,
      batch: { size: config.threat.offences.batchSize, window: Duration.seconds(config.threat.offences.batchWindowSeconds) },
      createDetector: config.threat.createDetector,
      encryptionKey: key,
      // In the VPC, the functions' calls to WAF, GuardDuty and X-Ray pass the firewall's allowlist.
      backup: { plan: props.backupPlan, role: props.backupRole },
      placement: { vpc: props.vpc, subnets: props.functionSubnets, resourcelessActions: props.vpcFunctionActions },
    });
  }
}
