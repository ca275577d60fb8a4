import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { resourcesOfType, templateJson } from '../support/assembly';

// lib/stacks/threat-stack.ts in the default app: the IP blocker placed inside the VPC (NET-6).
const threat = () => templateJson('Threat');

describe('the IP blocker runs inside the VPC (NET-6)', () => {
  test('both functions run in the app subnets, behind a security group of their own', () => {
    const functions = resourcesOfType(threat(), 'AWS::Lambda::Function').filter(([, f]) => /^(Blocks|Expires)/.test(f.Properties.Description ?? ''));
    expect(functions).toHaveLength(2);
    for (const [, f] of functions) {
      expect(f.Properties.VpcConfig.SubnetIds.length).toBe(DEFAULT_CONFIG.network.maxAzs);
      expect(JSON.stringify(f.Properties.VpcConfig.SubnetIds)).toMatch(/AppSubnet/);
      expect(JSON.stringify(f.Properties.VpcConfig.SecurityGroupIds)).toMatch(/FunctionsSecurityGroup/);
    }
  });
});
