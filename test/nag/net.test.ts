import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { expectFlagged, expectNotFlagged, newStack, siblingStack } from './nag-test-helpers';

const TIER = 'hardened:tier';

const GOOD_POLICY: nfw.CfnFirewallPolicy.FirewallPolicyProperty = {
  statelessDefaultActions: ['aws:forward_to_sfe'],
  statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
  statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
  statefulEngineOptions: { ruleOrder: 'STRICT_ORDER' },
};

function policy(stack: Stack, overrides: Partial<nfw.CfnFirewallPolicy.FirewallPolicyProperty> = {}, id = 'Policy') {
  return new nfw.CfnFirewallPolicy(stack, id, { firewallPolicyName: id.toLowerCase(), firewallPolicy: { ...GOOD_POLICY, ...overrides } });
}

function suricataGroup(stack: Stack, id: string, rules: string[]) {
  return new nfw.CfnRuleGroup(stack, id, {
    ruleGroupName: id.toLowerCase(),
    type: 'STATEFUL',
    capacity: 100,
    ruleGroup: { statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' }, rulesSource: { rulesString: rules.join('\n') } },
  });
}

const DROP = 'drop http $EXTERNAL_NET any -> $HOME_NET any (msg:"x"; sid:1; rev:1;)';
const ALERT = 'alert http $EXTERNAL_NET any -> $HOME_NET any (msg:"x"; sid:1; rev:1;)';
const PASS_SNI = 'pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; content:"example.com"; flow:to_server; sid:2; rev:1;)';

function subnet(stack: Stack, id: string, vpc: ec2.CfnVPC, az: string, cidr: string, tier?: string) {
  return new ec2.CfnSubnet(stack, id, {
    vpcId: vpc.ref,
    availabilityZone: az,
    cidrBlock: cidr,
    tags: tier ? [{ key: TIER, value: tier }] : undefined,
  });
}

describe('NET-1 FirewallPolicyDropsByDefault', () => {
  const id = 'Hardened-NET-1-FirewallPolicyDropsByDefault';
  test('flags a policy that alerts instead of dropping by default', () => {
    expectFlagged(policy(newStack(), { statefulDefaultActions: ['aws:alert_established'] }), id);
  });
  test('flags a policy whose stateless default passes', () => {
    expectFlagged(policy(newStack(), { statelessDefaultActions: ['aws:pass'] }), id);
  });
  test('flags a policy in default action order', () => {
    expectFlagged(policy(newStack(), { statefulEngineOptions: undefined }), id);
  });
  test('passes a strict-order, default-drop policy forwarding to the stateful engine', () => {
    expectNotFlagged(policy(newStack()), id);
  });
  test('passes the application-layer drop default (server-directed only)', () => {
    const actions = ['aws:drop_established_app_layer_to_server', 'aws:alert_established_app_layer_to_server'];
    expectNotFlagged(policy(newStack(), { statefulDefaultActions: actions }), id);
  });
  test('flags the application-layer alert default alone', () => {
    expectFlagged(policy(newStack(), { statefulDefaultActions: ['aws:alert_established_app_layer_to_server'] }), id);
  });
});

describe('NET-1 StatelessRulesNeverPass', () => {
  const id = 'Hardened-NET-1-StatelessRulesNeverPass';
  const stateless = (stack: Stack, action: string) =>
    new nfw.CfnRuleGroup(stack, 'Stateless', {
      ruleGroupName: 'stateless',
      type: 'STATELESS',
      capacity: 10,
      ruleGroup: {
        rulesSource: {
          statelessRulesAndCustomActions: {
            statelessRules: [{ priority: 1, ruleDefinition: { actions: [action], matchAttributes: { sources: [{ addressDefinition: '0.0.0.0/0' }] } } }],
          },
        },
      },
    });
  test('flags a stateless rule that passes', () => expectFlagged(stateless(newStack(), 'aws:pass'), id));
  test('passes a stateless rule that forwards to the stateful engine', () => expectNotFlagged(stateless(newStack(), 'aws:forward_to_sfe'), id));
});

describe('NET-1 FirewallInEveryAz', () => {
  const id = 'Hardened-NET-1-FirewallInEveryAz';
  const build = (mapped: (a: ec2.CfnSubnet, b: ec2.CfnSubnet) => nfw.CfnFirewall.SubnetMappingProperty[]) => {
    const stack = newStack();
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const a = subnet(stack, 'A', vpc, 'ap-northeast-1a', '10.0.0.0/28', 'firewall');
    const b = subnet(stack, 'B', vpc, 'ap-northeast-1c', '10.0.0.16/28', 'firewall');
    return new nfw.CfnFirewall(stack, 'Firewall', {
      firewallName: 'fw',
      firewallPolicyArn: policy(stack).attrFirewallPolicyArn,
      vpcId: vpc.ref,
      subnetMappings: mapped(a, b),
    });
  };
  test('flags a firewall missing an AZ of its VPC', () => expectFlagged(build((a) => [{ subnetId: a.ref }]), id));
  test('flags a firewall with two endpoints in the same AZ', () => expectFlagged(build((a) => [{ subnetId: a.ref }, { subnetId: a.ref }]), id));
  test('flags too few literal subnet mappings', () => expectFlagged(build(() => [{ subnetId: 'subnet-1' }]), id));
  test('passes a firewall in every AZ', () => expectNotFlagged(build((a, b) => [{ subnetId: a.ref }, { subnetId: b.ref }]), id));
});

describe('NET-2 FirewallPolicyDropsIntrusions', () => {
  const id = 'Hardened-NET-2-FirewallPolicyDropsIntrusions';
  test('flags a policy whose only rule group alerts', () => {
    const stack = newStack();
    const group = suricataGroup(stack, 'Ids', [ALERT]);
    expectFlagged(policy(stack, { statefulRuleGroupReferences: [{ resourceArn: group.attrRuleGroupArn, priority: 1 }] }), id);
  });
  test('flags a managed group overridden to alert', () => {
    const stack = newStack();
    const arn = `arn:${stack.partition}:network-firewall:${stack.region}:aws-managed:stateful-rulegroup/ThreatSignaturesMalwareStrictOrder`;
    expectFlagged(policy(stack, { statefulRuleGroupReferences: [{ resourceArn: arn, priority: 1, override: { action: 'DROP_TO_ALERT' } }] }), id);
  });
  test('passes a drop-mode Suricata group defined in another stack', () => {
    const groups = newStack('Groups');
    const group = suricataGroup(groups, 'Ips', [DROP]);
    const stack = siblingStack(groups, 'Net');
    expectNotFlagged(policy(stack, { statefulRuleGroupReferences: [{ resourceArn: group.attrRuleGroupArn, priority: 1 }] }), id);
  });
  test("flags AWS managed threat-signature groups without the project's own drops", () => {
    const stack = newStack();
    const arn = `arn:${stack.partition}:network-firewall:${stack.region}:aws-managed:stateful-rulegroup/ThreatSignaturesMalwareStrictOrder`;
    expectFlagged(policy(stack, { statefulRuleGroupReferences: [{ resourceArn: arn, priority: 1 }] }), id);
  });
  test('flags the project group overridden to alert next to managed groups', () => {
    const stack = newStack();
    const arn = `arn:${stack.partition}:network-firewall:${stack.region}:aws-managed:stateful-rulegroup/ThreatSignaturesMalwareStrictOrder`;
    const group = suricataGroup(stack, 'Ips', [DROP]);
    const refs = [
      { resourceArn: arn, priority: 1 },
      { resourceArn: group.attrRuleGroupArn, priority: 2, override: { action: 'DROP_TO_ALERT' } },
    ];
    expectFlagged(policy(stack, { statefulRuleGroupReferences: refs }), id);
  });
});

describe('NET-2 StatefulGroupsKeepTheirDrops', () => {
  const id = 'Hardened-NET-2-StatefulGroupsKeepTheirDrops';
  const managed = (stack: Stack) => `arn:${stack.partition}:network-firewall:${stack.region}:aws-managed:stateful-rulegroup/ThreatSignaturesBotnetStrictOrder`;
  test('flags a managed group overridden to DROP_TO_ALERT even when the project group drops', () => {
    const stack = newStack();
    const group = suricataGroup(stack, 'Ips', [DROP]);
    const refs = [
      { resourceArn: managed(stack), priority: 1, override: { action: 'DROP_TO_ALERT' } },
      { resourceArn: group.attrRuleGroupArn, priority: 2 },
    ];
    expectFlagged(policy(stack, { statefulRuleGroupReferences: refs }), id);
  });
  test('passes references without overrides', () => {
    const stack = newStack();
    const group = suricataGroup(stack, 'Ips', [DROP]);
    expectNotFlagged(policy(stack, { statefulRuleGroupReferences: [{ resourceArn: managed(stack), priority: 1 }, { resourceArn: group.attrRuleGroupArn, priority: 2 }] }), id);
  });
});

describe('NET-2 IntrusionDropsPrecedePasses', () => {
  const id = 'Hardened-NET-2-IntrusionDropsPrecedePasses';
  const build = (ipsPriority: number) => {
    const stack = newStack();
    const ips = suricataGroup(stack, 'Ips', [DROP]);
    const allow = suricataGroup(stack, 'Allow', [PASS_SNI]);
    return policy(stack, {
      statefulRuleGroupReferences: [
        { resourceArn: ips.attrRuleGroupArn, priority: ipsPriority },
        { resourceArn: allow.attrRuleGroupArn, priority: 200 },
      ],
    });
  };
  test('flags a dropping group evaluated after a passing group', () => expectFlagged(build(300), id));
  test('passes a dropping group evaluated before every passing group', () => expectNotFlagged(build(100), id));
});

describe('NET-3 NoRouteBypassesFirewall', () => {
  const id = 'Hardened-NET-3-NoRouteBypassesFirewall';
  const build = (tier: string, route: (stack: Stack, table: ec2.CfnRouteTable, igw: ec2.CfnInternetGateway) => ec2.CfnRoute) => {
    const stack = newStack();
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const igw = new ec2.CfnInternetGateway(stack, 'Igw');
    const s = subnet(stack, 'Subnet', vpc, 'ap-northeast-1a', '10.0.0.0/24', tier);
    const table = new ec2.CfnRouteTable(stack, 'Table', { vpcId: vpc.ref });
    new ec2.CfnSubnetRouteTableAssociation(stack, 'Assoc', { subnetId: s.ref, routeTableId: table.ref });
    return route(stack, table, igw);
  };
  const igwRoute = (stack: Stack, table: ec2.CfnRouteTable, igw: ec2.CfnInternetGateway) =>
    new ec2.CfnRoute(stack, 'DefaultRoute', { routeTableId: table.ref, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.ref });

  test('flags an app subnet routed to the internet gateway', () => expectFlagged(build('app', igwRoute), id));
  test('flags a public subnet routed to the internet gateway', () => expectFlagged(build('public', igwRoute), id));
  test('passes a firewall subnet routed to the internet gateway', () => expectNotFlagged(build('firewall', igwRoute), id));
  test('honours a raw override that retargets the route to the firewall endpoint', () => {
    const route = build('public', (stack, table, igw) => {
      const r = igwRoute(stack, table, igw);
      r.addPropertyDeletionOverride('GatewayId');
      r.addPropertyOverride('VpcEndpointId', 'vpce-0123456789abcdef0');
      return r;
    });
    expectNotFlagged(route, id);
  });
  test('honours a raw override that retargets the route to the internet gateway', () => {
    const route = build('public', (stack, table, igw) => {
      const r = new ec2.CfnRoute(stack, 'DefaultRoute', { routeTableId: table.ref, destinationCidrBlock: '0.0.0.0/0', vpcEndpointId: 'vpce-0123456789abcdef0' });
      r.addPropertyDeletionOverride('VpcEndpointId');
      r.addPropertyOverride('GatewayId', igw.ref);
      return r;
    });
    expectFlagged(route, id);
  });
});

describe('NET-3 PublicSubnetIngressViaFirewall', () => {
  const id = 'Hardened-NET-3-PublicSubnetIngressViaFirewall';
  const build = (routeToEndpoint: boolean) => {
    const stack = newStack();
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const igw = new ec2.CfnInternetGateway(stack, 'Igw');
    const pub = subnet(stack, 'Public', vpc, 'ap-northeast-1a', '10.0.1.0/24', 'public');
    const edge = new ec2.CfnRouteTable(stack, 'Edge', { vpcId: vpc.ref });
    new ec2.CfnGatewayRouteTableAssociation(stack, 'EdgeAssoc', { gatewayId: igw.ref, routeTableId: edge.ref });
    if (routeToEndpoint) {
      new ec2.CfnRoute(stack, 'ToEndpoint', { routeTableId: edge.ref, destinationCidrBlock: '10.0.1.0/24', vpcEndpointId: 'vpce-0123456789abcdef0' });
    }
    return pub;
  };
  test('flags a public subnet the edge table does not send to the firewall', () => expectFlagged(build(false), id));
  test('passes a public subnet whose CIDR the edge table sends to the firewall endpoint', () => expectNotFlagged(build(true), id));
});

function database(stack: Stack, subnetTier: string, props: Partial<rds.CfnDBInstanceProps> = {}) {
  const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  const a = subnet(stack, 'DataA', vpc, 'ap-northeast-1a', '10.0.2.0/24', subnetTier);
  const b = subnet(stack, 'DataC', vpc, 'ap-northeast-1c', '10.0.3.0/24', subnetTier);
  const group = new rds.CfnDBSubnetGroup(stack, 'SubnetGroup', { dbSubnetGroupDescription: 'db', subnetIds: [a.ref, b.ref] });
  return new rds.CfnDBInstance(stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro', dbSubnetGroupName: group.ref, ...props });
}

describe('NET-4 DatabaseUnreachableFromInternet', () => {
  const id = 'Hardened-NET-4-DatabaseUnreachableFromInternet';
  test('flags a database in public subnets', () => expectFlagged(database(newStack(), 'public'), id));
  test('flags a publicly accessible database', () => expectFlagged(database(newStack(), 'data', { publiclyAccessible: true }), id));
  test('flags a database without a subnet group', () => {
    expectFlagged(new rds.CfnDBInstance(newStack(), 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro' }), id);
  });
  test('passes a private database in data subnets', () => expectNotFlagged(database(newStack(), 'data'), id));
});

describe('NET-4 DatabaseIngressOnlyFromSecurityGroups', () => {
  const id = 'Hardened-NET-4-DatabaseIngressOnlyFromSecurityGroups';
  const build = (ingress: (stack: Stack, db: ec2.CfnSecurityGroup, app: ec2.CfnSecurityGroup) => void) => {
    const stack = newStack();
    const dbSg = new ec2.CfnSecurityGroup(stack, 'DbSg', { groupDescription: 'db' });
    const appSg = new ec2.CfnSecurityGroup(stack, 'AppSg', { groupDescription: 'app' });
    ingress(stack, dbSg, appSg);
    return database(stack, 'data', { vpcSecurityGroups: [dbSg.attrGroupId] });
  };
  test('flags a CIDR ingress rule on the database security group', () => {
    const db = build((stack, sg) => {
      new ec2.CfnSecurityGroupIngress(stack, 'FromVpc', { groupId: sg.attrGroupId, ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: '10.0.0.0/16' });
    });
    expectFlagged(db, id);
  });
  test('flags a database without security groups', () => expectFlagged(database(newStack(), 'data'), id));
  test('passes ingress only from the app security group', () => {
    const db = build((stack, sg, app) => {
      new ec2.CfnSecurityGroupIngress(stack, 'FromApp', {
        groupId: sg.attrGroupId,
        ipProtocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        sourceSecurityGroupId: app.attrGroupId,
      });
    });
    expectNotFlagged(db, id);
  });
});

const VISIBILITY = { cloudWatchMetricsEnabled: true, metricName: 'm', sampledRequestsEnabled: true };

function webAcl(stack: Stack, rules: wafv2.CfnWebACL.RuleProperty[]) {
  return new wafv2.CfnWebACL(stack, 'Acl', { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: VISIBILITY, rules });
}

describe('NET-5 AdminPathsRestrictedToAllowlist', () => {
  const id = 'Hardened-NET-5-AdminPathsRestrictedToAllowlist';
  const adminRule = (stack: Stack, action: wafv2.CfnWebACL.RuleActionProperty): wafv2.CfnWebACL.RuleProperty => {
    const ipSet = new wafv2.CfnIPSet(stack, 'Admins', { scope: 'REGIONAL', ipAddressVersion: 'IPV4', addresses: ['203.0.113.0/24'] });
    return {
      name: 'admin-only-from-allowlist',
      priority: 0,
      action,
      visibilityConfig: VISIBILITY,
      statement: {
        andStatement: {
          statements: [
            {
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: 'STARTS_WITH',
                searchString: '/admin',
                textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
              },
            },
            { notStatement: { statement: { ipSetReferenceStatement: { arn: ipSet.attrArn } } } },
          ],
        },
      },
    };
  };
  test('flags a web ACL without the admin rule', () => expectFlagged(webAcl(newStack(), []), id));
  test('flags an admin rule that only counts', () => {
    const stack = newStack();
    expectFlagged(webAcl(stack, [adminRule(stack, { count: {} })]), id);
  });
  test('passes a web ACL blocking admin paths outside the allowlist', () => {
    const stack = newStack();
    expectNotFlagged(webAcl(stack, [adminRule(stack, { block: {} })]), id);
  });
});

describe('NET-6 EgressPassRulesNameDestination', () => {
  const id = 'Hardened-NET-6-EgressPassRulesNameDestination';
  test('flags an outbound TLS pass to any destination without an SNI match', () =>
    expectFlagged(suricataGroup(newStack(), 'Allow', [PASS_SNI, 'pass tls $HOME_NET any -> $EXTERNAL_NET 443 (flow:to_server; sid:3; rev:1;)']), id));
  test('flags pass ip $HOME_NET any -> any any', () => expectFlagged(suricataGroup(newStack(), 'Allow', ['pass ip $HOME_NET any -> any any (sid:4; rev:1;)']), id));
  test('flags a structured PASS rule to ANY destination', () => {
    const group = new nfw.CfnRuleGroup(newStack(), 'Structured', {
      ruleGroupName: 'structured',
      type: 'STATEFUL',
      capacity: 10,
      ruleGroup: {
        rulesSource: {
          statefulRules: [
            {
              action: 'PASS',
              header: { protocol: 'TCP', source: '$HOME_NET', sourcePort: 'ANY', direction: 'FORWARD', destination: 'ANY', destinationPort: '443' },
              ruleOptions: [{ keyword: 'sid', settings: ['5'] }],
            },
          ],
        },
      },
    });
    expectFlagged(group, id);
  });
  test('passes SNI/Host allowlist rules, inbound passes, passes to a specific address, replies and marked continuations', () =>
    expectNotFlagged(
      suricataGroup(newStack(), 'Allow', [
        PASS_SNI,
        'pass http $HOME_NET any -> $EXTERNAL_NET 80 (http.host; content:"example.com"; endswith; sid:6; rev:1;)',
        'pass tls $EXTERNAL_NET any -> $HOME_NET 443 (flow:to_server; sid:7; rev:1;)',
        'pass udp $HOME_NET any -> 169.254.169.123 123 (sid:8; rev:1;)',
        'pass tcp $HOME_NET [80,443] -> $EXTERNAL_NET any (msg:"replies"; flow:to_client, established; sid:9; rev:1;)',
        'pass tcp $HOME_NET any -> $EXTERNAL_NET [80,443] (msg:"rest of an allowed flow"; flow:to_server, established; flowbits:isset,egress; sid:10; rev:1;)',
      ]),
      id,
    ));
});

describe('NET-6 EgressRestrictedToAllowlist', () => {
  const id = 'Hardened-NET-6-EgressRestrictedToAllowlist';
  test('flags a policy without a domain allowlist', () => {
    const stack = newStack();
    const group = suricataGroup(stack, 'Ips', [DROP]);
    expectFlagged(policy(stack, { statefulRuleGroupReferences: [{ resourceArn: group.attrRuleGroupArn, priority: 1 }] }), id);
  });
  test('flags an allowlist under a policy that does not drop by default', () => {
    const stack = newStack();
    const group = suricataGroup(stack, 'Egress', [PASS_SNI]);
    expectFlagged(
      policy(stack, { statefulDefaultActions: ['aws:alert_established'], statefulRuleGroupReferences: [{ resourceArn: group.attrRuleGroupArn, priority: 1 }] }),
      id,
    );
  });
  test('passes Suricata pass rules on tls.sni under a default-drop policy', () => {
    const stack = newStack();
    const group = suricataGroup(stack, 'Egress', [PASS_SNI]);
    expectNotFlagged(policy(stack, { statefulRuleGroupReferences: [{ resourceArn: group.attrRuleGroupArn, priority: 1 }] }), id);
  });
  test('passes a generated ALLOWLIST on TLS SNI and HTTP Host', () => {
    const stack = newStack();
    const group = new nfw.CfnRuleGroup(stack, 'Domains', {
      ruleGroupName: 'domains',
      type: 'STATEFUL',
      capacity: 100,
      ruleGroup: { rulesSource: { rulesSourceList: { generatedRulesType: 'ALLOWLIST', targetTypes: ['TLS_SNI', 'HTTP_HOST'], targets: ['.example.com'] } } },
    });
    expectNotFlagged(policy(stack, { statefulRuleGroupReferences: [{ resourceArn: group.attrRuleGroupArn, priority: 1 }] }), id);
  });
});

describe('NET-5 AdminAllowlistNamesNarrowRanges', () => {
  const id = 'Hardened-NET-5-AdminAllowlistNamesNarrowRanges';
  const build = (addresses: string[]) => {
    const stack = newStack();
    const set = new wafv2.CfnIPSet(stack, 'Admins', { scope: 'REGIONAL', ipAddressVersion: 'IPV4', addresses });
    return new wafv2.CfnWebACL(stack, 'Acl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
      rules: [
        {
          name: 'Admin',
          priority: 0,
          action: { block: {} },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'admin', sampledRequestsEnabled: true },
          statement: {
            andStatement: {
              statements: [
                { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: '/admin', textTransformations: [{ priority: 0, type: 'NONE' }] } },
                { notStatement: { statement: { ipSetReferenceStatement: { arn: set.attrArn } } } },
              ],
            },
          },
        },
      ],
    });
  };
  test('flags an admin allowlist holding 0.0.0.0/1 and 128.0.0.0/1', () => expectFlagged(build(['0.0.0.0/1', '128.0.0.0/1']), id));
  test('passes an admin allowlist of office ranges', () => expectNotFlagged(build(['198.51.100.0/24', '203.0.113.7/32']), id));
});

describe('NET-7 firewall protections', () => {
  const firewall = (props: Partial<nfw.CfnFirewallProps>) => {
    const stack = newStack();
    return new nfw.CfnFirewall(stack, 'Firewall', {
      firewallName: 'fw',
      firewallPolicyArn: policy(stack).attrFirewallPolicyArn,
      vpcId: 'vpc-1',
      subnetMappings: [{ subnetId: 'subnet-1' }],
      ...props,
    });
  };
  const all = { deleteProtection: true, subnetChangeProtection: true, firewallPolicyChangeProtection: true };
  test('FirewallProtectedFromDeletion flags a firewall without subnet-change protection', () => {
    expectFlagged(firewall({ ...all, subnetChangeProtection: false }), 'Hardened-NET-7-FirewallProtectedFromDeletion');
  });
  test('FirewallProtectedFromDeletion passes a protected firewall', () => {
    expectNotFlagged(firewall(all), 'Hardened-NET-7-FirewallProtectedFromDeletion');
  });
  test('FirewallPolicyChangeProtected flags a firewall without policy-change protection', () => {
    expectFlagged(firewall({ ...all, firewallPolicyChangeProtection: undefined }), 'Hardened-NET-7-FirewallPolicyChangeProtected');
  });
  test('FirewallPolicyChangeProtected passes a protected firewall', () => {
    expectNotFlagged(firewall(all), 'Hardened-NET-7-FirewallPolicyChangeProtected');
  });
});

