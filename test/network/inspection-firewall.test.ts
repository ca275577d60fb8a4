import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { MANAGED_THREAT_SIGNATURE_GROUPS } from '../../lib/network/ips-signatures';
import { resourcesOfType, templateJson } from '../support/assembly';
import { defaultRoutesByTier } from './routes';

// lib/network/inspection-firewall.ts in the default app: what its rules (NET-1, NET-2, NET-3,
// NET-7, LOG-1) do not already judge. Endpoint per AZ, protections, the only default route to the
// internet gateway and flow logs are the rule pack's (test/nag, the mutation suite).
const net = () => templateJson('Network');

describe('the firewall policy (NET-2)', () => {
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

describe('traffic through the firewall of its own AZ (NET-3)', () => {
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
});

describe('firewall logs (LOG-1)', () => {
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
});
