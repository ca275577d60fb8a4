import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TierSecurityGroups, TierSecurityGroupsProps } from '../../lib/network/tier-security-groups';
import { blockStack, resourcesOf, templateOf } from '../core/support';

// lib/network/tier-security-groups.ts: internet → ALB → app → data, each tier opening only the next hop (NET-4).

type Props = Omit<TierSecurityGroupsProps, 'vpc' | 'vpcCidr'>;
const BASE: Props = { appPort: 8080, databasePort: 5432, siteAllowlist: [], albSignsIn: false };

/** Every rule of every tier group (inline or a resource of its own), as `direction group port peer`. */
function rulesOf(props: Props): { rules: string[]; template: any } {
  const stack = blockStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 0 });
  const tiers = new TierSecurityGroups(stack, 'Tiers', { vpc, vpcCidr: '10.0.0.0/16', ...props });
  const template = templateOf(stack);
  const names = new Map(
    (['alb', 'app', 'endpoints'] as const).map((t) => [stack.getLogicalId(tiers[t].node.defaultChild as ec2.CfnSecurityGroup), t]),
  );
  const nameOf = (ref: any) => names.get(ref?.['Fn::GetAtt']?.[0]) ?? JSON.stringify(ref);
  const peer = (r: any) =>
    r.CidrIp ?? r.CidrIpv6 ?? (r.SourcePrefixListId ? 'prefix-list' : undefined) ?? nameOf(r.SourceSecurityGroupId ?? r.DestinationSecurityGroupId);
  const line = (direction: string, group: string, r: any) => `${direction} ${group} ${r.IpProtocol}/${r.FromPort}-${r.ToPort} ${peer(r)}`;
  const rules: string[] = [];
  for (const [id, sg] of resourcesOf(template, 'AWS::EC2::SecurityGroup')) {
    const group = names.get(id)!;
    if (!group) continue;
    for (const r of sg.Properties.SecurityGroupIngress ?? []) rules.push(line('in', group, r));
    for (const r of sg.Properties.SecurityGroupEgress ?? []) rules.push(line('out', group, r));
  }
  for (const [, r] of resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')) rules.push(line('in', nameOf(r.Properties.GroupId), r.Properties));
  for (const [, r] of resourcesOf(template, 'AWS::EC2::SecurityGroupEgress')) rules.push(line('out', nameOf(r.Properties.GroupId), r.Properties));
  return { rules: rules.sort(), template };
}

describe('TierSecurityGroups', () => {
  test('open site: clients reach the ALB on 443/80, the ALB the app port, the app HTTPS and the database port in the VPC; nothing else', () => {
    expect(rulesOf(BASE).rules).toEqual(
      [
        'in alb tcp/443-443 0.0.0.0/0',
        'in alb tcp/80-80 0.0.0.0/0',
        'out alb tcp/8080-8080 app',
        'in app tcp/8080-8080 alb',
        'out app tcp/443-443 0.0.0.0/0',
        'out app tcp/5432-5432 10.0.0.0/16',
        'in endpoints tcp/443-443 10.0.0.0/16',
        // A group with no egress rule gets CDK's "deny all" placeholder.
        'out endpoints icmp/252-86 255.255.255.255/32',
      ].sort(),
    );
  });

  test('the ALB may reach out on HTTPS only when it signs users in', () => {
    expect(rulesOf({ ...BASE, albSignsIn: true }).rules).toContain('out alb tcp/443-443 0.0.0.0/0');
    expect(rulesOf(BASE).rules).not.toContain('out alb tcp/443-443 0.0.0.0/0');
  });

  test('with a site allowlist only its blocks (IPv4 and IPv6) and the own sources\' prefix list reach the ALB', () => {
    const { rules, template } = rulesOf({ ...BASE, siteAllowlist: ['198.51.100.0/24', '2001:db8::/48'], ownSources: ['203.0.113.7/32', '203.0.113.8/32'] });
    expect(rules.filter((r) => r.startsWith('in alb'))).toEqual(
      [
        'in alb tcp/443-443 198.51.100.0/24',
        'in alb tcp/80-80 198.51.100.0/24',
        'in alb tcp/443-443 2001:db8::/48',
        'in alb tcp/80-80 2001:db8::/48',
        'in alb tcp/443-443 prefix-list',
        'in alb tcp/80-80 prefix-list',
      ].sort(),
    );
    const [[, list]] = resourcesOf(template, 'AWS::EC2::PrefixList');
    expect(list.Properties).toMatchObject({ AddressFamily: 'IPv4', MaxEntries: 2 });
    expect(list.Properties.Entries.map((e: any) => e.Cidr)).toEqual(['203.0.113.7/32', '203.0.113.8/32']);
  });

  test('own sources are ignored without a site allowlist (the internet is already admitted)', () => {
    const { template } = rulesOf({ ...BASE, ownSources: ['203.0.113.7/32'] });
    expect(resourcesOf(template, 'AWS::EC2::PrefixList')).toEqual([]);
  });
});
