// A stand-in for the stacks the app tier receives its inputs from (network, edge, data), and the
// helpers the app-tier tests share. Test code only.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { HardenedConfig } from '../../lib/config/types';
import { AppStack } from '../../lib/stacks/app-stack';
import { standInApp } from '../support/context';
import { standInTieredVpc } from '../support/stand-in-vpc';

export const ENV = { account: '123456789012', region: 'ap-northeast-1' } as const;

export interface AppTierFixture {
  readonly app: App;
  readonly network: Stack;
  readonly vpc: ec2.Vpc;
  readonly appSecurityGroup: ec2.SecurityGroup;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly databaseSecret: secretsmanager.Secret;
  readonly appStack: AppStack;
}


/** An App with a stand-in network/edge/data stack and the AppStack under test. */
export function buildAppTier(config: HardenedConfig = DEFAULT_CONFIG): AppTierFixture {
  // Schema validation runs once, on the shared default assembly (test/stack); here it only costs time.
  const app = standInApp();
  const network = new Stack(app, 'StandInNetwork', { env: ENV });
  const vpc = standInTieredVpc(network, config.network.vpcCidr);
  const albSecurityGroup = new ec2.SecurityGroup(network, 'AlbSg', { vpc, allowAllOutbound: false });
  const appSecurityGroup = new ec2.SecurityGroup(network, 'AppSg', { vpc, allowAllOutbound: false });
  albSecurityGroup.connections.allowTo(appSecurityGroup, ec2.Port.tcp(config.app.containerPort), 'ALB to app tasks');
  const alb = new elbv2.ApplicationLoadBalancer(network, 'Alb', { vpc, internetFacing: true, securityGroup: albSecurityGroup });
  const targetGroup = new elbv2.ApplicationTargetGroup(network, 'AppTargets', {
    vpc,
    port: config.app.containerPort,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    healthCheck: { path: config.app.healthCheckPath },
  });
  alb.addListener('Http', { port: 80, open: false, defaultTargetGroups: [targetGroup] });
  // Encrypted with a key of the stand-in stack, as the data stack's secret is: a grant written
  // into that key's policy would make the stand-in depend on the app stack (a cycle).
  const databaseSecret = new secretsmanager.Secret(network, 'DatabaseSecret', {
    encryptionKey: new kms.Key(network, 'DataKey', { enableKeyRotation: true }),
    generateSecretString: { secretStringTemplate: JSON.stringify({ username: 'app' }), generateStringKey: 'password' },
  });

  const appStack = new AppStack(app, 'AppTier', {
    env: ENV,
    config,
    vpc,
    appSecurityGroup,
    targetGroup,
    databaseSecret,
  });
  return { app, network, vpc, appSecurityGroup, targetGroup, databaseSecret, appStack };
}

/**
 * Evaluates the string-building intrinsics of a template value the way CloudFormation would,
 * writing references as placeholders: `{Ref: X}` → `<Ref:X>`, `{Fn::GetAtt: [X, A]}` → `<GetAtt:X.A>`.
 */
export function renderIntrinsics(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if ('Ref' in v) return placeholderRef(v.Ref);
    if ('Fn::GetAtt' in v) return placeholderGetAtt(v['Fn::GetAtt'][0], v['Fn::GetAtt'][1]);
    if ('Fn::Join' in v) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(renderIntrinsics).join(separator);
    }
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
}

export function placeholderRef(logicalId: string): string {
  return `<Ref:${logicalId}>`;
}

export function placeholderGetAtt(logicalId: string, attribute: string): string {
  return `<GetAtt:${logicalId}.${attribute}>`;
}

/** The one resource of `type` in a template section; fails when there are none or several. */
export function onlyResource(resources: Record<string, any>, type: string): [logicalId: string, resource: any] {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type);
  if (found.length !== 1) throw new Error(`Expected exactly one ${type}, found ${found.length}`);
  return found[0];
}
