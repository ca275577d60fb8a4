import { TIER_TAG } from '../../lib/core/tier-tag';
import { managedKey } from '../../lib/core/managed-key';
import { DrNetwork } from '../../lib/network/dr-network';
import { blockStack, resourcesOf, templateOf } from '../core/support';

// lib/network/dr-network.ts: the DR region's network for the read replica (NET-4, LOG-4).
describe('DrNetwork', () => {
  const stack = blockStack();
  const key = managedKey(stack, 'Key', { purpose: 'dr', alias: 'hardened/dr' });
  new DrNetwork(stack, 'Dr', { cidr: '10.99.0.0/16', maxAzs: 2, encryptionKey: key, flowLogGroupName: '/hardened/dr-flow', flowLogRetentionDays: 1096 });
  const template = templateOf(stack);
  const [[keyId]] = resourcesOf(template, 'AWS::KMS::Key');
  const count = (type: string) => resourcesOf(template, type).length;

  test('the DR VPC is isolated: no internet gateway, NAT or route, only isolated subnets tagged as the data tier', () => {
    expect(count('AWS::EC2::InternetGateway')).toBe(0);
    expect(count('AWS::EC2::NatGateway')).toBe(0);
    expect(count('AWS::EC2::Route')).toBe(0);
    const [[, vpc]] = resourcesOf(template, 'AWS::EC2::VPC');
    expect(vpc.Properties.CidrBlock).toBe('10.99.0.0/16');
    const subnets = resourcesOf(template, 'AWS::EC2::Subnet').map(([, s]) => s.Properties);
    expect(subnets).toHaveLength(2);
    for (const subnet of subnets) {
      expect(subnet.MapPublicIpOnLaunch).toBe(false);
      expect(subnet.Tags).toContainEqual({ Key: TIER_TAG, Value: 'data' });
    }
  });

  test('the default security group is emptied', () => {
    expect(count('Custom::VpcRestrictDefaultSG')).toBe(1);
  });

  test('logs all its flows to an encrypted group kept the configured days, delivered by a role that may write there only', () => {
    const [[groupId, group]] = resourcesOf(template, 'AWS::Logs::LogGroup');
    expect(group.Properties).toMatchObject({ LogGroupName: '/hardened/dr-flow', RetentionInDays: 1096, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    const [[, flowLog]] = resourcesOf(template, 'AWS::EC2::FlowLog');
    expect(flowLog.Properties).toMatchObject({ ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: { Ref: groupId } });
    const [[policyId, policy]] = resourcesOf(template, 'AWS::IAM::ManagedPolicy');
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Resource: { 'Fn::GetAtt': [groupId, 'Arn'] } }),
    ]);
    expect(flowLog.DependsOn).toContain(policyId);
    expect(count('AWS::IAM::Policy')).toBe(0);
  });

  test('refuses fewer than two or more than three availability zones', () => {
    for (const maxAzs of [1, 4]) {
      const other = blockStack();
      const otherKey = managedKey(other, 'Key', { purpose: 'dr', alias: 'hardened/dr' });
      expect(() => new DrNetwork(other, 'Dr', { cidr: '10.99.0.0/16', maxAzs, encryptionKey: otherKey, flowLogGroupName: 'g', flowLogRetentionDays: 1096 })).toThrow(/outside 2-3/);
    }
  });
});
