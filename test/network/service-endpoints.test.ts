import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { resourcesOfType, templateJson } from '../support/assembly';

// lib/network/service-endpoints.ts in the default app, with the egress allowlist the functions rely on (NET-6).
const net = () => templateJson('Network');

describe('AWS APIs from inside the VPC (NET-6)', () => {
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
