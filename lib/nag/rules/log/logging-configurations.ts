/** Finding the logging configurations of firewalls and web ACLs (LOG-1, LOG-3). */
import { CfnResource } from 'aws-cdk-lib';
import { appResources, isObject, list, props, refersTo } from '../support';

/** The logging configurations of a Network Firewall. */
export function firewallLoggingConfigurations(firewall: CfnResource): CfnResource[] {
  return appResources(firewall, 'AWS::NetworkFirewall::LoggingConfiguration').filter((c) => refersTo(c, props(c).FirewallArn, firewall));
}

/** The log destination configs of a Network Firewall, across its logging configurations. */
export function firewallLogDestinations(firewall: CfnResource): { config: CfnResource; destination: Record<string, any> }[] {
  return firewallLoggingConfigurations(firewall).flatMap((config) =>
    list(props(config).LoggingConfiguration?.LogDestinationConfigs)
      .filter(isObject)
      .map((destination) => ({ config, destination })),
  );
}

/** The WAF logging configurations of a web ACL. */
export function webAclLoggingConfigurations(webAcl: CfnResource): CfnResource[] {
  return appResources(webAcl, 'AWS::WAFv2::LoggingConfiguration').filter((c) => refersTo(c, props(c).ResourceArn, webAcl));
}
