import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { templateJson } from '../support/assembly';
import { defaultRoutesByTier } from './routes';

// lib/network/tiered-vpc.ts in the default app: how the app and data tiers reach (or not) the internet.
const net = () => templateJson('Network');

describe('tier routes (NET-3)', () => {
  test('app subnets leave through a NAT gateway (in a public subnet, hence through the firewall); data subnets have no default route', () => {
    const byTier = defaultRoutesByTier(net());
    const app = byTier.get('app')!;
    expect(app).toHaveLength(DEFAULT_CONFIG.network.maxAzs);
    for (const route of app) expect(route.NatGatewayId).toBeDefined();
    expect(byTier.get('data')).toBeUndefined();
  });
});
