import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GUARDDUTY_AGENT_REPOSITORY } from '../../lib/app-tier/guardduty-agent';
import { TEST_ZONE, buildWith, patternOverride, resourcesOf } from '../support/config-app';

// Issue #16 (MON-2): the canary probes the site by its name in every authentication pattern, and
// in patterns 2 and 3 it can pass mutual TLS and the site allowlist; its alarm is quiet on a
// healthy deployment of each.
const SITE_URL = `https://${TEST_ZONE.domainName}/`;
const built = ([0, 1, 2, 3] as const).map((pattern) => ({ pattern, ...buildWith({ ...patternOverride(pattern), edge: { ...patternOverride(pattern).edge as object, certificate: TEST_ZONE } }) }));

function canaryOf(b: (typeof built)[number]) {
  const [[, canary]] = resourcesOf(b.template('monitoring'), 'AWS::Synthetics::Canary');
  return canary.Properties;
}

/** Statements of the canary's own policy (the one that writes its artifacts). */
function canaryStatements(b: (typeof built)[number]): any[] {
  const [[, policy]] = resourcesOf(b.template('monitoring'), 'AWS::IAM::ManagedPolicy').filter(([id]) => /^EndpointPolicy/.test(id));
  return policy.Properties.PolicyDocument.Statement;
}

test.each(built.map((b) => [b.pattern, b]))('pattern %i: the canary requests the site by its name', (_pattern, b) => {
  expect(canaryOf(b).RunConfig.EnvironmentVariables.PROBE_URL).toBe(SITE_URL);
});

test('pattern 0: any 2xx/3xx from outside the VPC, no certificate', () => {
  const p = canaryOf(built[0]);
  expect(p.RunConfig.EnvironmentVariables).toEqual({ PROBE_URL: SITE_URL });
  expect(p.VPCConfig).toBeUndefined();
});

test.each([1, 2, 3])('pattern %i: healthy means the sign-in redirect to this pool\'s Cognito domain', (pattern) => {
  const b = built[pattern];
  const expected = b.stacks.monitoring.resolve(b.stacks.edge.signInBaseUrl + 'oauth2/authorize');
  const env = canaryOf(b).RunConfig.EnvironmentVariables;
  expect(JSON.stringify(env.EXPECT_SIGN_IN_REDIRECT)).toContain('.auth.ap-northeast-1.amazoncognito.com/oauth2/authorize');
  expect(env.EXPECT_SIGN_IN_REDIRECT).toEqual(expected);
});

test.each([2, 3])('pattern %i: the canary reads its client certificate, and only that secret', (pattern) => {
  const b = built[pattern];
  expect(canaryOf(b).RunConfig.EnvironmentVariables.CLIENT_CERTIFICATE_SECRET).toBe('hardened/canary-client-certificate');
  const reads = canaryStatements(b).filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
  expect(reads).toEqual([
    expect.objectContaining({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:hardened/canary-client-certificate-??????',
    }),
  ]);
  expect(canaryOf(b).Code.Script).toMatch(/requestOptions\.cert = credentials\.certificate;\s*requestOptions\.key = credentials\.privateKey;/);
});

test.each([0, 1])('pattern %i: no secret is readable and none is presented', (pattern) => {
  expect(canaryOf(built[pattern]).RunConfig.EnvironmentVariables.CLIENT_CERTIFICATE_SECRET).toBeUndefined();
  expect(JSON.stringify(canaryStatements(built[pattern]))).not.toContain('secretsmanager');
});

describe('pattern 3: the canary probes from the stack\'s own NAT addresses, which the allowlist admits', () => {
  const b = built[3];
  const eipIds = () =>
    b.stacks.network.network.vpc.publicSubnets.map((s) => b.stacks.network.getLogicalId(s.node.findChild('EIP') as ec2.CfnEIP));

  test('it runs in the app subnets, with the shared network-interface policy and HTTPS-only egress', () => {
    const p = canaryOf(b);
    const appSubnets = b.stacks.network.network.subnets('App').subnetIds.map((id) => b.stacks.network.resolve(id).Ref);
    expect(JSON.stringify(p.VPCConfig.SubnetIds)).toEqual(expect.stringContaining(appSubnets[0]));
    expect(p.VPCConfig.SubnetIds).toHaveLength(appSubnets.length);
    const [[, role]] = resourcesOf(b.template('monitoring'), 'AWS::IAM::Role').filter(([id]) => /^EndpointRole/.test(id));
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain('VpcFunctionActions');
    const [[, sg]] = resourcesOf(b.template('monitoring'), 'AWS::EC2::SecurityGroup');
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })]);
  });

  test('every NAT gateway address is in the WAF site allowlist, next to the configured blocks', () => {
    expect(eipIds()).toHaveLength(3);
    const [[, ipv4]] = resourcesOf(b.template('edge'), 'AWS::WAFv2::IPSet').filter(([id]) => /^WafSiteAllowlistIpv4/.test(id));
    const addresses = JSON.stringify(ipv4.Properties.Addresses);
    expect(ipv4.Properties.Addresses[0]).toBe('198.51.100.0/24');
    for (const eip of eipIds()) expect(addresses).toMatch(new RegExp(`${eip}PublicIp.*?/32`));
    expect(ipv4.Properties.Addresses).toHaveLength(1 + eipIds().length);
  });

  test('the ALB security group admits them too, through a prefix list of the NAT addresses', () => {
    const network = b.template('network');
    const [[listId, list]] = resourcesOf(network, 'AWS::EC2::PrefixList');
    expect(list.Properties.Entries.map((e: any) => e.Cidr)).toEqual(eipIds().map((eip) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [eip, 'PublicIp'] }, '/32']] })));
    const albSg = b.stacks.network.getLogicalId(b.stacks.network.securityGroups.alb.node.defaultChild as ec2.CfnSecurityGroup);
    const ingress = [
      ...network.Resources[albSg].Properties.SecurityGroupIngress,
      ...resourcesOf(network, 'AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties).filter((r) => JSON.stringify(r.GroupId).includes(albSg)),
    ];
    // Which sources reach the ALB on which ports: test/network/tier-security-groups.test.ts.
    expect([...new Set(ingress.filter((r: any) => r.SourcePrefixListId).map((r: any) => JSON.stringify(r.SourcePrefixListId)))]).toEqual([
      JSON.stringify({ 'Fn::GetAtt': [listId, 'PrefixListId'] }),
    ]);
  });

  test('the firewall lets the canary reach the site by its name (TLS SNI pass rule)', () => {
    expect(JSON.stringify(b.template('network'))).toContain(`HS-EGRESS ${TEST_ZONE.domainName} (TLS)`);
    expect(JSON.stringify(built[2].template('network'))).not.toContain(`HS-EGRESS ${TEST_ZONE.domainName} (TLS)`);
  });
});

test('the execution role can pull GuardDuty\'s agent in every pattern (it does not depend on the edge)', () => {
  for (const b of built) expect(JSON.stringify(b.template('app'))).toContain(`repository/${GUARDDUTY_AGENT_REPOSITORY}`);
});
