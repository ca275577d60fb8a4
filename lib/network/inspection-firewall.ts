import { Fn, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  EGRESS_CONTINUATION_RULES,
  INGRESS_PASS_RULES,
  IPS_DROP_SIGNATURES,
  MANAGED_THREAT_SIGNATURE_GROUPS,
  STATEFUL_DEFAULT_ACTIONS,
  egressAllowlistRules,
} from './ips-signatures';
import { checkRuleSet } from './suricata-rule';
import { SUBNET_TIERS, TieredVpc } from './tiered-vpc';

export interface InspectionFirewallProps {
  readonly network: TieredVpc;
  readonly firewallName: string;
  /** Domains workloads may reach (TLS SNI / HTTP Host). */
  readonly egressAllowedDomains: readonly string[];
  /** Suricata rules added from configuration (sids 1,000,000–1,999,999). */
  readonly customIpsRules: readonly string[];
  /** The immutable archive for ALERT and FLOW logs (LOG-1). */
  readonly logBucket: s3.IBucket;
  readonly logPrefix: string;
}

/** Thrown for configuration rules the firewall would reject or that would weaken it. */
export class IpsRuleError extends Error {}

/**
 * AWS Network Firewall in every AZ, inspecting all ingress and egress (NET-1, NET-2, NET-3, NET-6, NET-7):
 * - the internet gateway's edge route table sends traffic for each public subnet to the firewall
 *   endpoint of the same AZ, and the public subnets' default route goes back through it;
 * - app subnets leave through the NAT gateway in the public subnet, hence through the firewall;
 * - the firewall subnets alone are routed to the internet gateway.
 */
export class InspectionFirewall extends Construct {
  public readonly firewall: nfw.CfnFirewall;
  public readonly policy: nfw.CfnFirewallPolicy;
  public readonly ipsRuleGroup: nfw.CfnRuleGroup;
  public readonly trafficPolicyRuleGroup: nfw.CfnRuleGroup;
  public readonly logging: nfw.CfnLoggingConfiguration;
  public readonly firewallName: string;
  /**
   * Where vended log delivery writes this firewall's ALERT objects in the log bucket:
   * `<logPrefix>/AWSLogs/<account>/network-firewall/alert/<region>/<firewallName>/` (FLOW objects
   * go under `…/network-firewall/flow/…`).
   */
  public readonly alertObjectPrefix: string;

  constructor(scope: Construct, id: string, props: InspectionFirewallProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const vpc = props.network.vpc;
    this.firewallName = props.firewallName;
    this.alertObjectPrefix = `${props.logPrefix}/AWSLogs/${stack.account}/network-firewall/alert/${stack.region}/${props.firewallName}/`;

    const userRules = checkRuleSet(props.customIpsRules, { userRules: true });
    if (userRules.problems.length > 0) {
      throw new IpsRuleError(
        'network.customIpsRules: rules the firewall must not accept:\n' +
          userRules.problems.map((p) => `  - ${p.reason}\n      ${p.line}`).join('\n'),
      );
    }
    const homeNet = { ruleVariables: { ipSets: { HOME_NET: { definition: [vpc.vpcCidrBlock] } } } };

    this.ipsRuleGroup = new nfw.CfnRuleGroup(this, 'IpsSignatures', {
      ruleGroupName: `${props.firewallName}-ips`,
      type: 'STATEFUL',
      capacity: 1000,
      description: 'Drop signatures for the web tier and callbacks (NET-2), then user rules',
      ruleGroup: {
        ...homeNet,
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
        rulesSource: { rulesString: [...IPS_DROP_SIGNATURES, ...props.customIpsRules].join('\n') },
      },
    });
    this.trafficPolicyRuleGroup = new nfw.CfnRuleGroup(this, 'TrafficPolicy', {
      ruleGroupName: `${props.firewallName}-traffic-policy`,
      type: 'STATEFUL',
      capacity: 500,
      description: 'What may flow at all: HTTPS/HTTP in to the load balancer, allowlisted domains out (NET-1, NET-6)',
      ruleGroup: {
        ...homeNet,
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
        rulesSource: {
          rulesString: [...INGRESS_PASS_RULES, ...egressAllowlistRules(props.egressAllowedDomains), ...EGRESS_CONTINUATION_RULES].join('\n'),
        },
      },
    });

    const managed = MANAGED_THREAT_SIGNATURE_GROUPS.map((name, i) => ({
      resourceArn: `arn:${stack.partition}:network-firewall:${stack.region}:aws-managed:stateful-rulegroup/${name}`,
      priority: 10 + i,
    }));
    this.policy = new nfw.CfnFirewallPolicy(this, 'Policy', {
      firewallPolicyName: `${props.firewallName}-policy`,
      description: 'Strict order, default deny; managed threat signatures, our IPS drops, then the allowed flows',
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        // Handshakes pass and the decision waits for the application layer (a split ClientHello's
        // SNI); then what no pass rule names is dropped and logged, towards the server only.
        statefulDefaultActions: [...STATEFUL_DEFAULT_ACTIONS],
        statefulEngineOptions: {
          ruleOrder: 'STRICT_ORDER',
          // Fail closed: a flow whose state is lost (e.g. endpoint maintenance) is reset, never passed uninspected.
          streamExceptionPolicy: 'REJECT',
        },
        statefulRuleGroupReferences: [
          ...managed,
          { resourceArn: this.ipsRuleGroup.attrRuleGroupArn, priority: 100 },
          { resourceArn: this.trafficPolicyRuleGroup.attrRuleGroupArn, priority: 200 },
        ],
      },
    });

    const firewallSubnets = props.network.subnets(SUBNET_TIERS.firewall).subnets;
    this.firewall = new nfw.CfnFirewall(this, 'Firewall', {
      firewallName: props.firewallName,
      firewallPolicyArn: this.policy.attrFirewallPolicyArn,
      vpcId: vpc.vpcId,
      subnetMappings: firewallSubnets.map((s) => ({ subnetId: s.subnetId })),
      deleteProtection: true,
      subnetChangeProtection: true,
      firewallPolicyChangeProtection: true,
      description: 'Stateful firewall + IPS on every path in and out of the VPC',
    });

    this.logging = new nfw.CfnLoggingConfiguration(this, 'Logging', {
      firewallArn: this.firewall.attrFirewallArn,
      loggingConfiguration: {
        logDestinationConfigs: ['ALERT', 'FLOW'].map((logType) => ({
          logType,
          logDestinationType: 'S3',
          logDestination: { bucketName: props.logBucket.bucketName, prefix: props.logPrefix },
        })),
      },
    });

    this.routeThroughFirewall(props.network);
  }

  /** The firewall endpoint id in one AZ (attrEndpointIds is an unordered list of `az:vpce-id`). */
  public endpointIn(az: string): string {
    return Fn.select(0, Fn.split(',', Fn.select(1, Fn.split(`${az}:`, Fn.join(',', this.firewall.attrEndpointIds)))));
  }

  private routeThroughFirewall(network: TieredVpc): void {
    const vpc = network.vpc;
    const igwId = vpc.internetGatewayId!;

    // Firewall subnets: the only default route to the internet gateway.
    const internetRoutes = new Construct(this, 'InternetRoutes');
    for (const subnet of network.subnets(SUBNET_TIERS.firewall).subnets) {
      const route = new ec2.CfnRoute(internetRoutes, subnet.availabilityZone, {
        routeTableId: subnet.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: igwId,
      });
      route.node.addDependency(vpc.internetConnectivityEstablished);
    }
    const reason =
      'Only the firewall subnets route to the internet gateway: they hold nothing but the Network Firewall endpoints, so every packet reaching this route has been inspected (NET-3).';
    Validations.of(internetRoutes).acknowledge(
      { id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason },
      { id: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', reason },
      { id: 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW', reason },
    );

    // Public subnets: default route back through the same-AZ endpoint (symmetric with the edge table).
    for (const subnet of network.subnets(SUBNET_TIERS.public).subnets) {
      const route = subnet.node.findChild('DefaultRoute') as ec2.CfnRoute;
      route.gatewayId = undefined;
      route.vpcEndpointId = this.endpointIn(subnet.availabilityZone);
    }

    // Ingress: the internet gateway hands traffic for each public subnet to that AZ's endpoint.
    const edge = new ec2.CfnRouteTable(this, 'IgwEdgeRouteTable', {
      vpcId: vpc.vpcId,
      tags: [{ key: 'Name', value: `${this.firewallName}-igw-edge` }],
    });
    new ec2.CfnGatewayRouteTableAssociation(this, 'IgwEdgeAssociation', { gatewayId: igwId, routeTableId: edge.ref });
    for (const subnet of network.subnets(SUBNET_TIERS.public).subnets) {
      new ec2.CfnRoute(this, `IgwEdgeTo${subnet.availabilityZone}`, {
        routeTableId: edge.ref,
        destinationCidrBlock: subnet.ipv4CidrBlock,
        vpcEndpointId: this.endpointIn(subnet.availabilityZone),
      });
    }
  }
}
