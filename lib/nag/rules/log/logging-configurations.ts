/** Finding the logging configurations of firewalls and web ACLs (LOG-1, LOG-3). */
import { CfnResource } from 'aws-cdk-lib';
import { isObject, list } from '../../engine/values';
import { Scan } from '../../engine/scan';

/** The logging configurations of a Network Firewall. */
export function firewallLoggingConfigurations(scan: Scan, firewall: CfnResource): CfnResource[] {
  return scan.resources('AWS::NetworkFirewall::LoggingConfiguration').filter((c) => scan.refersTo(c, scan.props(c).FirewallArn, firewall));
}

/** The log destination configs of a Network Firewall, across its logging configurations. */
export function firewallLogDestinations(scan: Scan, firewall: CfnResource): { config: CfnResource; destination: Record<string, any> }[] {
  return firewallLoggingConfigurations(scan, firewall).flatMap((config) =>
    list(scan.props(config).LoggingConfiguration?.LogDestinationConfigs)
      .filter(isObject)
      .map((destination) => ({ config, destination })),
  );
}

/** The WAF logging configurations of a web ACL. */
export function webAclLoggingConfigurations(scan: Scan, webAcl: CfnResource): CfnResource[] {
  return scan.resources('AWS::WAFv2::LoggingConfiguration').filter((c) => scan.refersTo(c, scan.props(c).ResourceArn, webAcl));
}
