import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { SiteDns } from '../../lib/edge/site-dns';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { templateJson } from '../support/assembly';
import { TEST_ZONE, buildWith, resourcesOf } from '../support/config-app';
import { standInApp } from '../support/context';

// Issue #16: the site's name points at its load balancer, so customers, the sign-in callback and
// the canary reach it from the first minute.
describe('with a hosted zone: the site\'s alias records in the Edge stack', () => {
  // The certificate object replaces the default's whole: the ARN is given with the zone.
  const built = buildWith({ edge: { certificate: { ...TEST_ZONE, certificateArn: DEFAULT_CONFIG.edge.certificate.certificateArn } } });
  const edge = () => built.template('edge');

  test('an A alias record for the site name, to the load balancer, in the configured zone', () => {
    const records = resourcesOf(edge(), 'AWS::Route53::RecordSet');
    expect(records.map(([, r]) => `${r.Properties.Type} ${r.Properties.Name} in ${r.Properties.HostedZoneId}`)).toEqual([
      `A ${TEST_ZONE.domainName}. in ${TEST_ZONE.hostedZoneId}`,
    ]);
    const alb = built.stacks.edge.getLogicalId(built.stacks.edge.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer);
    const [, a] = records[0];
    expect(JSON.stringify(a.Properties.AliasTarget.DNSName)).toContain(alb);
    expect(a.Properties.AliasTarget.HostedZoneId).toEqual({ 'Fn::GetAtt': [alb, 'CanonicalHostedZoneID'] });
  });

  test('the certificate is still the configured ARN, and the load balancer\'s DNS name is an output', () => {
    expect(resourcesOf(edge(), 'AWS::CertificateManager::Certificate')).toEqual([]);
    expect(edge().Outputs.LoadBalancerDnsName.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LoadBalancerAlb/), 'DNSName'] });
  });
});

describe('without a hosted zone (the default configuration)', () => {
  test('no record is created; the output says to point the name at the load balancer before Monitoring', () => {
    const edge = templateJson('Edge');
    expect(resourcesOf(edge, 'AWS::Route53::RecordSet')).toEqual([]);
    expect(edge.Outputs.LoadBalancerDnsName.Description).toMatch(/point app\.example\.com at it .* before deploying the Monitoring stack/);
  });
});

describe('SiteDns', () => {
  function loadBalancer(ipAddressType?: elbv2.IpAddressType) {
    const stack = new Stack(standInApp(), 'S', { env: { account: '123456789012', region: 'ap-northeast-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, ipProtocol: ipAddressType ? ec2.IpProtocol.DUAL_STACK : undefined });
    return { stack, alb: new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, ipAddressType }) };
  }

  test('a dual-stack load balancer gets an AAAA alias too', () => {
    const { stack, alb } = loadBalancer(elbv2.IpAddressType.DUAL_STACK);
    new SiteDns(stack, 'Dns', { ...TEST_ZONE, zoneName: TEST_ZONE.hostedZoneName, loadBalancer: alb, dualStack: alb.ipAddressType === elbv2.IpAddressType.DUAL_STACK });
    const types = resourcesOf(Template.fromStack(stack).toJSON(), 'AWS::Route53::RecordSet').map(([, r]) => r.Properties.Type);
    expect(types.sort()).toEqual(['A', 'AAAA']);
  });

  test('a name outside the zone is refused', () => {
    const { stack, alb } = loadBalancer();
    expect(() => new SiteDns(stack, 'Dns', { domainName: 'app.example.org', hostedZoneId: TEST_ZONE.hostedZoneId, zoneName: 'example.com', loadBalancer: alb, dualStack: false })).toThrow(
      /domainName "app.example.org" is not inside the hosted zone "example.com"/,
    );
  });
});
