import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { HardenedConfig } from '../../lib/config/types';
import { DataStack } from '../../lib/stacks/data-stack';
import { DrStack } from '../../lib/stacks/dr-stack';
import { standInApp } from '../support/context';
import { standInTieredVpc } from '../support/stand-in-vpc';

export const ACCOUNT = '123456789012';
export const PRIMARY_REGION = 'ap-northeast-1';
export const DR_REGION = 'ap-northeast-3';

export interface DataTierFixture {
  readonly app: App;
  readonly config: HardenedConfig;
  readonly network: Stack;
  readonly appSecurityGroup: ec2.SecurityGroup;
  readonly data: DataStack;
  readonly dr: DrStack;
}

/**
 * One app with a stand-in primary network (the subnet groups of TieredVpc and an app security
 * group), the data stack and the DR stack, built with the project's feature flags (cdk.json) and
 * pinned availability zones, so it synthesizes offline.
 */
export function buildDataTier(config: HardenedConfig = DEFAULT_CONFIG): DataTierFixture {
  // Schema validation runs once, on the shared default assembly (test/stack); here it only costs time.
  const app = standInApp();
  const primary = { account: ACCOUNT, region: PRIMARY_REGION };

  const network = new Stack(app, 'Network', { env: primary });
  const vpc = standInTieredVpc(network, config.network.vpcCidr);
  const appSecurityGroup = new ec2.SecurityGroup(network, 'App', { vpc, allowAllOutbound: false, description: 'stand-in app tier' });

  const data = new DataStack(app, 'Data', { env: primary, config, vpc, appSecurityGroup });
  const dr = new DrStack(app, 'Dr', { env: { account: ACCOUNT, region: DR_REGION }, config, primaryDatabase: data.database });
  return { app, config, network, appSecurityGroup, data, dr };
}
