/** NET: the perimeter broken the ways a hurried change would (keyed on structure, not rule text). */
import { CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import { CfnIPSet } from 'aws-cdk-lib/aws-wafv2';
import { HardenedStacks } from '../../hardened-app';
import { Scan } from '../../nag/engine/scan';
import { renderedProps as props } from '../../nag/engine/template-view';
import { isObject, list } from '../../nag/engine/values';
import { Mutation, first, l1, remove, theOne } from '../mutation';
import { deleteProperty, override, wafRuleEdited, wafRuleRemoved, wafRuleToCount } from './edit';

const policyOf = (s: HardenedStacks) => s.network.firewall.policy;
const firewallOf = (s: HardenedStacks) => s.network.firewall.firewall;

/** The policy's stateful references, CloudFormation-cased, for an override that rewrites the list. */
function statefulReferences(s: HardenedStacks): Record<string, unknown>[] {
  const policy = policyOf(s).firewallPolicy as nfw.CfnFirewallPolicy.FirewallPolicyProperty;
  const refs = list(policy.statefulRuleGroupReferences) as nfw.CfnFirewallPolicy.StatefulRuleGroupReferenceProperty[];
  return refs.map((r) => ({
    ResourceArn: r.resourceArn,
    Priority: r.priority,
    ...(r.override ? { Override: { Action: (r.override as nfw.CfnFirewallPolicy.StatefulRuleGroupOverrideProperty).action } } : {}),
  }));
}

/** The index of the reference to the app's rule group `group` among the policy's stateful references. */
function referenceIndex(s: HardenedStacks, group: CfnResource): number {
  const policy = policyOf(s);
  const i = list(props(policy).FirewallPolicy?.StatefulRuleGroupReferences).findIndex((r) => isObject(r) && new Scan(policy).refersTo(policy, r.ResourceArn, group));
  if (i < 0) throw new Error(`the firewall policy does not reference ${group.node.path}`);
  return i;
}

/** The rule group's Suricata rules with each line rewritten. */
function rewriteRules(group: nfw.CfnRuleGroup, line: (l: string) => string): nfw.CfnRuleGroup {
  const text = props(group).RuleGroup?.RulesSource?.RulesString;
  if (typeof text !== 'string') throw new Error(`${group.node.path} has no literal RulesString`);
  return override(group, 'RuleGroup.RulesSource.RulesString', text.split('\n').map(line).join('\n')) as nfw.CfnRuleGroup;
}

/** Appends Suricata rules to the traffic policy group (a "quick unblock" added under the allowlist). */
function appendRules(s: HardenedStacks, ...rules: string[]): nfw.CfnRuleGroup {
  const group = s.network.firewall.trafficPolicyRuleGroup;
  const text = props(group).RuleGroup?.RulesSource?.RulesString;
  if (typeof text !== 'string') throw new Error(`${group.node.path} has no literal RulesString`);
  return override(group, 'RuleGroup.RulesSource.RulesString', [text, ...rules].join('\n')) as nfw.CfnRuleGroup;
}

const publicSubnet = (s: HardenedStacks, i: number) => s.network.vpc.publicSubnets[i] as ec2.Subnet;
const tierSubnets = (s: HardenedStacks, tier: 'App' | 'Data') => s.network.network.subnets(tier).subnets as ec2.Subnet[];
const defaultRoute = (subnet: ec2.ISubnet) => subnet.node.findChild('DefaultRoute') as ec2.CfnRoute;

export const NET_MUTATIONS: Mutation[] = [
  // NET-1: default deny
  {
    id: 'firewall-default-alert-only',
    control: 'NET-1',
    change: 'Stateful default action set to aws:alert_established "until the allowlist is complete": everything unlisted now passes, logged.',
    apply: (s) => override(policyOf(s), 'FirewallPolicy.StatefulDefaultActions', ['aws:alert_established']),
  },
  {
    id: 'firewall-stateless-default-pass',
    control: 'NET-1',
    change: 'Stateless default action aws:pass, copied from a getting-started sample: packets skip the stateful engine and the IPS.',
    apply: (s) => override(policyOf(s), 'FirewallPolicy.StatelessDefaultActions', ['aws:pass']),
  },
  {
    id: 'firewall-action-order',
    control: 'NET-1',
    change: 'Rule order switched to DEFAULT_ACTION_ORDER (the console default): pass rules win over drops whatever their position.',
    apply: (s) => override(policyOf(s), 'FirewallPolicy.StatefulEngineOptions.RuleOrder', 'DEFAULT_ACTION_ORDER'),
  },
  {
    id: 'firewall-two-azs',
    control: 'NET-1',
    change: 'Firewall subnet mappings trimmed to two AZs to save endpoint hours; the third AZ keeps its subnets.',
    apply: (s) => {
      const fw = firewallOf(s);
      const mappings = (list(fw.subnetMappings) as nfw.CfnFirewall.SubnetMappingProperty[]).slice(0, 2).map((m) => ({ SubnetId: m.subnetId }));
      return override(fw, 'SubnetMappings', mappings);
    },
  },
  {
    id: 'stateless-pass-group',
    control: 'NET-1',
    change: 'A stateless rule group passing UDP 123 (NTP) added "for speed": the flow never meets the stateful engine.',
    apply: (s) => {
      const group = new nfw.CfnRuleGroup(s.network.firewall, 'NtpFastPath', {
        capacity: 10,
        ruleGroupName: 'hardened-ntp-fast-path',
        type: 'STATELESS',
        ruleGroup: {
          rulesSource: {
            statelessRulesAndCustomActions: {
              statelessRules: [
                {
                  priority: 1,
                  ruleDefinition: { actions: ['aws:pass'], matchAttributes: { protocols: [17], destinationPorts: [{ fromPort: 123, toPort: 123 }] } },
                },
              ],
            },
          },
        },
      });
      override(policyOf(s), 'FirewallPolicy.StatelessRuleGroupReferences', [{ ResourceArn: group.attrRuleGroupArn, Priority: 1 }]);
      return group;
    },
  },
  // NET-2: intrusion prevention
  {
    id: 'ips-group-detached',
    control: 'NET-2',
    change: "The project's IPS rule group dropped from the policy's references while tidying up (\"the AWS managed groups cover it\").",
    apply: (s) => {
      const refs = statefulReferences(s);
      refs.splice(referenceIndex(s, s.network.firewall.ipsRuleGroup), 1);
      return override(policyOf(s), 'FirewallPolicy.StatefulRuleGroupReferences', refs);
    },
  },
  {
    id: 'ips-group-drop-to-alert',
    control: 'NET-2',
    change: 'The IPS group reference overridden to DROP_TO_ALERT to silence a false positive: the IPS is now an IDS.',
    apply: (s) => override(policyOf(s), `FirewallPolicy.StatefulRuleGroupReferences.${referenceIndex(s, s.network.firewall.ipsRuleGroup)}.Override`, { Action: 'DROP_TO_ALERT' }),
  },
  {
    id: 'ips-rules-alert-only',
    control: 'NET-2',
    change: 'Every drop signature of the IPS group rewritten to alert, "to watch before enforcing".',
    apply: (s) => rewriteRules(s.network.firewall.ipsRuleGroup, (l) => l.replace(/^(drop|reject|rejectsrc|rejectdst|rejectboth)\s/, 'alert ')),
    findingOn: { target: (s) => policyOf(s), why: 'the policy is what no longer references a group that drops' },
  },
  {
    id: 'ips-after-pass-rules',
    control: 'NET-2',
    change: 'IPS group priority renumbered behind the traffic policy: in strict order the pass rules match first and the drops never run.',
    apply: (s) => override(policyOf(s), `FirewallPolicy.StatefulRuleGroupReferences.${referenceIndex(s, s.network.firewall.ipsRuleGroup)}.Priority`, 300),
  },
  {
    id: 'managed-signatures-alert-only',
    control: 'NET-2',
    change: 'The AWS managed threat-signature groups overridden to DROP_TO_ALERT after a noisy week.',
    apply: (s) => {
      const refs = statefulReferences(s).map((r) => (typeof r.ResourceArn === 'string' && r.ResourceArn.includes(':aws-managed:') ? { ...r, Override: { Action: 'DROP_TO_ALERT' } } : r));
      return override(policyOf(s), 'FirewallPolicy.StatefulRuleGroupReferences', refs);
    },
  },
  // NET-3: no bypass
  {
    id: 'public-subnet-straight-to-igw',
    control: 'NET-3',
    change: 'A public subnet default route pointed back at the internet gateway (the VPC wizard default) after a firewall outage.',
    apply: (s) => {
      const route = defaultRoute(publicSubnet(s, 0));
      route.addPropertyDeletionOverride('VpcEndpointId');
      return override(route, 'GatewayId', s.network.vpc.internetGatewayId);
    },
  },
  {
    id: 'app-subnet-straight-to-igw',
    control: 'NET-3',
    change: 'An app subnet routed to the internet gateway to debug image pulls ("temporary").',
    apply: (s) => {
      const route = defaultRoute(tierSubnets(s, 'App')[0]);
      route.addPropertyDeletionOverride('NatGatewayId');
      return override(route, 'GatewayId', s.network.vpc.internetGatewayId);
    },
  },
  {
    id: 'data-subnet-internet-route',
    control: 'NET-3',
    change: 'A default route added to a data subnet so the database host can "reach the patch server".',
    apply: (s) =>
      new ec2.CfnRoute(tierSubnets(s, 'Data')[0], 'PatchRoute', {
        routeTableId: tierSubnets(s, 'Data')[0].routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: s.network.vpc.internetGatewayId,
      }),
  },
  {
    id: 'igw-edge-route-removed',
    control: 'NET-3',
    change: "One AZ's edge route (internet gateway → firewall endpoint) deleted as a duplicate: replies to that public subnet arrive uninspected.",
    apply: (s) => {
      const cidr = publicSubnet(s, 0).ipv4CidrBlock;
      const route = first(s.network.firewall, 'AWS::EC2::Route', `edge route for ${cidr}`, (r) => (r as ec2.CfnRoute).destinationCidrBlock === cidr);
      return remove(route);
    },
    findingOn: { target: (s) => l1(publicSubnet(s, 0).node.findChild('Subnet')), why: 'the missing edge route is missed by the public subnet it should have protected' },
  },
  // NET-4: tiers
  {
    id: 'database-publicly-accessible',
    control: 'NET-4',
    change: 'PubliclyAccessible true on the database "to connect from the office with a GUI client".',
    apply: (s) => override(l1(s.data.database), 'PubliclyAccessible', true),
  },
  {
    id: 'database-ingress-from-cidr',
    control: 'NET-4',
    change: 'Database security group opened to the VPC CIDR instead of the app security group (copied from a tutorial).',
    apply: (s) =>
      new ec2.CfnSecurityGroupIngress(s.data.securityGroup, 'VpcWide', {
        groupId: s.data.securityGroup.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: 15432,
        toPort: 15432,
        cidrIp: '10.0.0.0/8',
        description: 'database from the VPC',
      }),
    findingOn: { target: (s) => l1(s.data.database), why: 'the rule judges the database instance through its security groups' },
  },
  {
    id: 'database-in-public-subnets',
    control: 'NET-4',
    change: 'The database subnet group pointed at the public subnets (the VPC default selection).',
    apply: (s) => {
      const group = theOne(s.data, 'AWS::RDS::DBSubnetGroup', 'the primary database subnet group');
      return override(group, 'SubnetIds', s.network.vpc.publicSubnets.map((p) => p.subnetId));
    },
    findingOn: { target: (s) => l1(s.data.database), why: 'the rule judges the database instance through its subnet group' },
  },
  // NET-5: admin paths
  {
    id: 'admin-rule-count-only',
    control: 'NET-5',
    change: 'The admin-path rule switched to Count while investigating a support ticket.',
    apply: (s) => wafRuleToCount(s.edge.webAcl, /admin/i),
  },
  {
    id: 'admin-rule-removed',
    control: 'NET-5',
    change: 'The admin-path rule deleted from the web ACL because "the admin page has its own login".',
    apply: (s) => wafRuleRemoved(s.edge.webAcl, /admin/i),
  },
  {
    id: 'admin-rule-allows',
    control: 'NET-5',
    change: 'The admin-path rule action changed from Block to Allow by someone reading it as "allow the admin set".',
    apply: (s) => wafRuleEdited(s.edge.webAcl, /admin/i, (r) => ({ ...r, action: { allow: {} } })),
  },
  {
    id: 'admin-allowlist-everyone',
    control: 'NET-5',
    change: 'The admin IP set given 0.0.0.0/1 and 128.0.0.0/1 ("WAF refuses /0") so a travelling admin can sign in.',
    apply: (s) => override(s.edge.adminIpSets[0] as CfnIPSet, 'Addresses', ['0.0.0.0/1', '128.0.0.0/1']),
    findingOn: { target: (s) => s.edge.webAcl, why: 'the admin rule on the web ACL is what the open IP set defeats' },
  },
  // NET-6: egress allowlist
  {
    id: 'egress-pass-any-tls',
    control: 'NET-6',
    change: 'A pass rule for outbound TLS to any destination appended to unblock a vendor SDK without finding its domain.',
    apply: (s) => appendRules(s, 'pass tls $HOME_NET any -> $EXTERNAL_NET 443 (msg:"vendor sdk"; flow:to_server, established; sid:2999001; rev:1;)'),
  },
  {
    id: 'egress-pass-ip-any',
    control: 'NET-6',
    change: 'pass ip $HOME_NET any -> any any, pasted from a troubleshooting guide and never removed.',
    apply: (s) => appendRules(s, 'pass ip $HOME_NET any -> any any (msg:"troubleshooting"; sid:2999002; rev:1;)'),
  },
  {
    id: 'egress-pass-http-any-port',
    control: 'NET-6',
    change: 'Outbound HTTP to any host on any port passed for a package mirror.',
    apply: (s) => appendRules(s, 'pass http $HOME_NET any -> $EXTERNAL_NET any (msg:"mirror"; flow:to_server, established; sid:2999003; rev:1;)'),
  },
  {
    id: 'egress-allowlist-detached',
    control: 'NET-6',
    change: 'The traffic-policy group (ingress passes and domain allowlist) removed from the policy while reordering references.',
    apply: (s) => {
      const refs = statefulReferences(s);
      refs.splice(referenceIndex(s, s.network.firewall.trafficPolicyRuleGroup), 1);
      return override(policyOf(s), 'FirewallPolicy.StatefulRuleGroupReferences', refs);
    },
  },
  // NET-7: protections
  {
    id: 'firewall-delete-protection-off',
    control: 'NET-7',
    change: 'DeleteProtection false so a stack rollback "can clean up".',
    apply: (s) => override(firewallOf(s), 'DeleteProtection', false),
  },
  {
    id: 'firewall-subnet-change-protection-off',
    control: 'NET-7',
    change: 'SubnetChangeProtection false to move the firewall into new subnets, left off afterwards.',
    apply: (s) => override(firewallOf(s), 'SubnetChangeProtection', false),
  },
  {
    id: 'firewall-policy-change-protection-off',
    control: 'NET-7',
    change: 'FirewallPolicyChangeProtection removed so a policy swap deploys without a second step.',
    apply: (s) => deleteProperty(firewallOf(s), 'FirewallPolicyChangeProtection'),
  },
];
