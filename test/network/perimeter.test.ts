import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { MANAGED_THREAT_SIGNATURE_GROUPS } from '../../lib/network/ips-signatures';
import { resourcesOfType, templateJson } from '../support/assembly';

// Properties a reviewer checks for NET-1, NET-2, NET-3, NET-7, LOG-1, LOG-4 in the default app.
const net = () => templateJson('Network');
const audit = () => templateJson('Audit');

/** Tier tag of each subnet logical id, and the tier each route table serves. */
function routeTableTiers(tpl: any): Map<string, string> {
  const subnetTier = new Map<string, string>();
  for (const [id, subnet] of resourcesOfType(tpl, 'AWS::EC2::Subnet')) {
    const tag = (subnet.Properties.Tags ?? []).find((t: any) => t.Key === 'hardened:tier');
    subnetTier.set(id, tag?.Value);
  }
  const tableTier = new Map<string, string>();
  for (const [, assoc] of resourcesOfType(tpl, 'AWS::EC2::SubnetRouteTableAssociation')) {
    tableTier.set(assoc.Properties.RouteTableId.Ref, subnetTier.get(assoc.Properties.SubnetId.Ref)!);
  }
  return tableTier;
}

function defaultRoutesByTier(tpl: any): Map<string, any[]> {
  const tiers = routeTableTiers(tpl);
  const byTier = new Map<string, any[]>();
  for (const [, route] of resourcesOfType(tpl, 'AWS::EC2::Route')) {
    if (route.Properties.DestinationCidrBlock !== '0.0.0.0/0') continue;
    const tier = tiers.get(route.Properties.RouteTableId.Ref) ?? 'edge';
    byTier.set(tier, [...(byTier.get(tier) ?? []), route.Properties]);
  }
  return byTier;
}

describe('Network Firewall (NET-1, NET-2, NET-7)', () => {
  test('one endpoint per AZ: the firewall maps every firewall subnet, one per AZ', () => {
    const [[, firewall]] = resourcesOfType(net(), 'AWS::NetworkFirewall::Firewall');
    const firewallSubnets = resourcesOfType(net(), 'AWS::EC2::Subnet').filter(([, s]) =>
      s.Properties.Tags.some((t: any) => t.Key === 'hardened:tier' && t.Value === 'firewall'),
    );
    const azs = new Set(firewallSubnets.map(([, s]) => s.Properties.AvailabilityZone));
    expect(azs.size).toBe(DEFAULT_CONFIG.network.maxAzs);
    expect(firewall.Properties.SubnetMappings.map((m: any) => m.SubnetId.Ref).sort()).toEqual(firewallSubnets.map(([id]) => id).sort());
  });

  test('delete, subnet-change and policy-change protection are on', () => {
    const [[, firewall]] = resourcesOfType(net(), 'AWS::NetworkFirewall::Firewall');
    expect(firewall.Properties).toMatchObject({ DeleteProtection: true, SubnetChangeProtection: true, FirewallPolicyChangeProtection: true });
  });

  test('the policy is STRICT_ORDER, default deny, stateless traffic forwarded, fail-closed stream exceptions', () => {
    const [[, policy]] = resourcesOfType(net(), 'AWS::NetworkFirewall::FirewallPolicy');
    const p = policy.Properties.FirewallPolicy;
    expect(p.StatelessDefaultActions).toEqual(['aws:forward_to_sfe']);
    expect(p.StatelessFragmentDefaultActions).toEqual(['aws:forward_to_sfe']);
    // Application-layer default: a split ClientHello is judged on its SNI, replies never dropped by default.
    expect(p.StatefulDefaultActions).toEqual(['aws:drop_established_app_layer_to_server', 'aws:alert_established_app_layer_to_server']);
    expect(p.StatefulEngineOptions).toEqual({ RuleOrder: 'STRICT_ORDER', StreamExceptionPolicy: 'REJECT' });
  });

  test('AWS managed threat signatures (strict-order variants) run before our own groups', () => {
    const [[, policy]] = resourcesOfType(net(), 'AWS::NetworkFirewall::FirewallPolicy');
    const refs = policy.Properties.FirewallPolicy.StatefulRuleGroupReferences;
    const managed = refs.filter((r: any) => typeof r.ResourceArn !== 'object' || JSON.stringify(r.ResourceArn).includes('aws-managed'));
    for (const name of MANAGED_THREAT_SIGNATURE_GROUPS) {
      expect(JSON.stringify(managed)).toContain(`stateful-rulegroup/${name}`);
    }
    const ownPriorities = refs.filter((r: any) => !JSON.stringify(r.ResourceArn).includes('aws-managed')).map((r: any) => r.Priority);
    expect(Math.min(...ownPriorities)).toBeGreaterThan(Math.max(...managed.map((r: any) => r.Priority)));
  });

  test('our rule groups use the policy rule order (creation fails otherwise)', () => {
    for (const [, group] of resourcesOfType(net(), 'AWS::NetworkFirewall::RuleGroup')) {
      expect(group.Properties.RuleGroup.StatefulRuleOptions).toEqual({ RuleOrder: 'STRICT_ORDER' });
    }
  });
});

describe('no path bypasses the firewall (NET-3)', () => {
  test('only firewall subnets have a default route to the internet gateway', () => {
    const byTier = defaultRoutesByTier(net());
    for (const [tier, routes] of byTier) {
      for (const route of routes) {
        if (route.GatewayId) expect(tier).toBe('firewall');
      }
    }
    expect(byTier.get('firewall')?.length).toBe(DEFAULT_CONFIG.network.maxAzs);
  });

  test('public subnets return through the firewall endpoint of their own AZ', () => {
    const tpl = net();
    const routes = defaultRoutesByTier(tpl).get('public')!;
    expect(routes).toHaveLength(DEFAULT_CONFIG.network.maxAzs);
    const subnetAz = new Map(resourcesOfType(tpl, 'AWS::EC2::Subnet').map(([id, s]) => [id, s.Properties.AvailabilityZone]));
    const tableAz = new Map(
      resourcesOfType(tpl, 'AWS::EC2::SubnetRouteTableAssociation').map(([, a]) => [a.Properties.RouteTableId.Ref, subnetAz.get(a.Properties.SubnetId.Ref)]),
    );
    for (const [, route] of resourcesOfType(tpl, 'AWS::EC2::Route')) {
      const r = route.Properties;
      if (r.DestinationCidrBlock !== '0.0.0.0/0' || !r.VpcEndpointId) continue;
      expect(r.GatewayId).toBeUndefined();
      // The endpoint is picked out of attrEndpointIds by the route table's own AZ.
      expect(JSON.stringify(r.VpcEndpointId)).toContain(`"${tableAz.get(r.RouteTableId.Ref)}:"`);
    }
  });

  test('the internet gateway edge route table sends each public subnet to its AZ endpoint', () => {
    const tpl = net();
    const [[edgeId]] = resourcesOfType(tpl, 'AWS::EC2::RouteTable').filter(([, t]) =>
      (t.Properties.Tags ?? []).some((tag: any) => String(tag.Value).endsWith('-igw-edge')),
    );
    const [[, association]] = resourcesOfType(tpl, 'AWS::EC2::GatewayRouteTableAssociation');
    expect(association.Properties.RouteTableId.Ref).toBe(edgeId);
    const edgeRoutes = resourcesOfType(tpl, 'AWS::EC2::Route').filter(([, r]) => r.Properties.RouteTableId.Ref === edgeId);
    const publicSubnets = resourcesOfType(tpl, 'AWS::EC2::Subnet').filter(([, s]) =>
      s.Properties.Tags.some((t: any) => t.Key === 'hardened:tier' && t.Value === 'public'),
    );
    expect(edgeRoutes.map(([, r]) => r.Properties.DestinationCidrBlock).sort()).toEqual(publicSubnets.map(([, s]) => s.Properties.CidrBlock).sort());
    for (const [, r] of edgeRoutes) {
      const subnet = publicSubnets.find(([, s]) => s.Properties.CidrBlock === r.Properties.DestinationCidrBlock)!;
      expect(JSON.stringify(r.Properties.VpcEndpointId)).toContain(`"${subnet[1].Properties.AvailabilityZone}:"`);
    }
  });

  test('app subnets leave through a NAT gateway (in a public subnet, hence through the firewall); data subnets have no default route', () => {
    const byTier = defaultRoutesByTier(net());
    const app = byTier.get('app')!;
    expect(app).toHaveLength(DEFAULT_CONFIG.network.maxAzs);
    for (const route of app) expect(route.NatGatewayId).toBeDefined();
    expect(byTier.get('data')).toBeUndefined();
  });
});

describe('firewall and flow logs (LOG-1, LOG-4)', () => {
  test('ALERT and FLOW logs go to the log archive under the firewall prefix', () => {
    const [[, logging]] = resourcesOfType(net(), 'AWS::NetworkFirewall::LoggingConfiguration');
    const configs = logging.Properties.LoggingConfiguration.LogDestinationConfigs;
    expect(configs.map((c: any) => c.LogType).sort()).toEqual(['ALERT', 'FLOW']);
    for (const c of configs) {
      expect(c.LogDestinationType).toBe('S3');
      expect(c.LogDestination.prefix).toBe('network-firewall');
      expect(JSON.stringify(c.LogDestination.bucketName)).toMatch(/LogArchiveBucket/);
    }
  });

  test('the archive is Object-Locked (COMPLIANCE by default in production) for ≥ 1096 days, KMS-encrypted with a rotating key, expiry not before the lock ends', () => {
    const [[, bucket]] = resourcesOfType(audit(), 'AWS::S3::Bucket').filter(([id]) => id.startsWith('LogArchiveBucket'));
    expect(bucket.Properties.ObjectLockEnabled).toBe(true);
    expect(bucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 1096 });
    const encryption = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
    expect(encryption.SSEAlgorithm).toBe('aws:kms');
    const keyId = encryption.KMSMasterKeyID['Fn::GetAtt'][0];
    expect(audit().Resources[keyId].Properties.EnableKeyRotation).toBe(true);
    for (const rule of bucket.Properties.LifecycleConfiguration.Rules) {
      if (rule.ExpirationInDays !== undefined) expect(rule.ExpirationInDays).toBeGreaterThanOrEqual(1096);
    }
  });

  test('log delivery is admitted only from this account', () => {
    const [[, policy]] = resourcesOfType(audit(), 'AWS::S3::BucketPolicy').filter(([id]) => id.startsWith('LogArchive'));
    const delivery = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Principal?.Service === 'delivery.logs.amazonaws.com');
    expect(delivery.length).toBeGreaterThan(0);
    for (const s of delivery) expect(s.Condition.StringEquals['aws:SourceAccount']).toBe(DEFAULT_CONFIG.account);
  });

  test('the VPC has flow logs of all traffic', () => {
    const [[vpcId]] = resourcesOfType(net(), 'AWS::EC2::VPC');
    const flowLogs = resourcesOfType(net(), 'AWS::EC2::FlowLog').filter(([, f]) => f.Properties.ResourceId.Ref === vpcId);
    expect(flowLogs).toHaveLength(1);
    expect(flowLogs[0][1].Properties.TrafficType).toBe('ALL');
  });
});

describe('the IP blocker runs inside the VPC (NET-6)', () => {
  const threat = () => templateJson('Threat');

  test('both functions run in the app subnets, behind a security group of their own', () => {
    const functions = resourcesOfType(threat(), 'AWS::Lambda::Function').filter(([, f]) => /^(Blocks|Expires)/.test(f.Properties.Description ?? ''));
    expect(functions).toHaveLength(2);
    for (const [, f] of functions) {
      expect(f.Properties.VpcConfig.SubnetIds.length).toBe(DEFAULT_CONFIG.network.maxAzs);
      expect(JSON.stringify(f.Properties.VpcConfig.SubnetIds)).toMatch(/AppSubnet/);
      expect(JSON.stringify(f.Properties.VpcConfig.SecurityGroupIds)).toMatch(/FunctionsSecurityGroup/);
    }
  });

  test('their APIs without a VPC endpoint are on the egress allowlist; DynamoDB has a gateway endpoint for the app subnets', () => {
    const region = DEFAULT_CONFIG.primaryRegion;
    const rules = resourcesOfType(net(), 'AWS::NetworkFirewall::RuleGroup')
      .map(([, g]) => g.Properties.RuleGroup?.RulesSource?.RulesString ?? '')
      .join('\n');
    // The blocker's WAF, GuardDuty and X-Ray calls; its intake's SQS calls (the offence queue).
    for (const host of [`wafv2.${region}.amazonaws.com`, `guardduty.${region}.amazonaws.com`, `xray.${region}.amazonaws.com`, `sqs.${region}.amazonaws.com`]) {
      expect(rules).toMatch(new RegExp(`^pass tls .*tls\\.sni; content:"${host.replace(/\./g, '\\.')}";`, 'm'));
    }
    const gateways = resourcesOfType(net(), 'AWS::EC2::VPCEndpoint').filter(([, e]) => e.Properties.VpcEndpointType === 'Gateway' || !e.Properties.VpcEndpointType);
    const dynamo = gateways.filter(([, e]) => JSON.stringify(e.Properties.ServiceName).includes('dynamodb'));
    expect(dynamo).toHaveLength(1);
    expect(dynamo[0][1].Properties.RouteTableIds.length).toBe(DEFAULT_CONFIG.network.maxAzs);
  });
});
