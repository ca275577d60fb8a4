/** What the threat stack hands the blocker from the configuration and the network. */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ADMIN_PATH_RULE, OffencePolicy } from '../../lambda/shared/contracts/ip-blocker';
import { HardenedConfig } from '../config/types';

/** The configuration's offence sources as the functions read them (windows in seconds). */
export function offencePolicyOf(config: HardenedConfig): OffencePolicy {
  const { firewall, waf } = config.threat.offences;
  return {
    firewall: { enabled: firewall.enabled, threshold: firewall.threshold, windowSeconds: firewall.windowMinutes * 60 },
    waf: { enabled: waf.enabled, threshold: waf.threshold, windowSeconds: waf.windowMinutes * 60, countedRules: [ADMIN_PATH_RULE] },
  };
}

/**
 * The NAT gateways' Elastic IPs as host CIDRs (tokens, resolved at deploy time): the VPC L2 puts
 * each under its public subnet as `EIP`.
 */
export function natAddresses(vpc: ec2.IVpc): string[] {
  return vpc.publicSubnets
    .map((s) => s.node.tryFindChild('EIP'))
    .filter((c): c is ec2.CfnEIP => c instanceof ec2.CfnEIP)
    .map((eip) => `${eip.attrPublicIp}/32`);
}
