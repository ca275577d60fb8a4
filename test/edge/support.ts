/**
 * Builds an EdgeStack in a test app with a minimal stand-in for the network and audit stacks
 * (a VPC with a 'Public' subnet group, the ALB security group, an SSE-S3 access-log bucket).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { deepMerge } from '../../lib/config/load';
import { AuthPattern, HardenedConfig } from '../../lib/config/types';
import { formatProblem, validateConfig } from '../../lib/config/validate';
import { EdgeStack } from '../../lib/stacks/edge-stack';
import { standInApp } from '../support/context';

export const ENV = { account: '123456789012', region: 'ap-northeast-1' } as const;

export const SITE_DOMAIN = 'app.example.com';
export const SITE_ALLOWLIST = ['198.51.100.0/24', '2001:db8:100::/48'];
export const ADMIN_ALLOWLIST = ['203.0.113.0/24', '2001:db8:200::/48'];
export const CA_BUCKET = 'example-client-ca';

/**
 * A valid configuration for each pattern, with what that pattern needs. Patterns ≥ 1 use a
 * DNS-validated certificate (the sign-in callback needs the domain name); pattern 0 keeps the
 * default certificate ARN, so both certificate paths are exercised.
 */
export function patternConfig(pattern: AuthPattern, overrides: Record<string, unknown> = {}): HardenedConfig {
  const edge: Record<string, unknown> = { authPattern: pattern };
  if (pattern >= 1) {
    edge.certificate = { domainName: SITE_DOMAIN, hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' };
  }
  if (pattern >= 2) {
    edge.clientCertificates = { caBundleBucket: CA_BUCKET, caBundleKey: 'ca-bundle.pem', ...(pattern === 3 ? { revocationListKey: 'revoked.crl' } : {}) };
  }
  if (pattern === 3) {
    edge.siteAllowlist = SITE_ALLOWLIST;
    edge.adminAllowlist = ADMIN_ALLOWLIST;
  }
  let merged = deepMerge(DEFAULT_CONFIG, { edge });
  merged = deepMerge(merged, overrides);
  // Certificate objects replace rather than merge: an ARN next to DNS fields is invalid.
  if (pattern >= 1) (merged as { edge: { certificate: unknown } }).edge.certificate = edge.certificate;
  const problems = validateConfig(merged);
  if (problems.length > 0) throw new Error(`test config for pattern ${pattern} is invalid:\n${problems.map(formatProblem).join('\n')}`);
  return merged as HardenedConfig;
}

export interface BuiltEdge {
  readonly app: App;
  readonly stack: EdgeStack;
  readonly template: Template;
  /** The stand-in network stack (VPC, ALB security group, access-log bucket). */
  readonly network: Stack;
}

/** The stand-in network resources the EdgeStack consumes. */
export function standInNetwork(app: App) {
  const stack = new Stack(app, 'StandInNetwork', { env: ENV });
  const net = stack;
  const vpc = new ec2.Vpc(net, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
  });
  const albSecurityGroup = new ec2.SecurityGroup(net, 'AlbSecurityGroup', { vpc, allowAllOutbound: false });
  const accessLogBucket = new s3.Bucket(net, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true });
  return { stack, vpc, albSecurityGroup, accessLogBucket };
}

export function newApp(): App {
  // The app's feature flags, so the tests synthesize what `cdk synth` would. Without CDK's schema
  // validation (more than half this suite's time): the integration project's cfn-lint test lints
  // every pattern's template instead.
  return standInApp();
}

export function buildEdge(config: HardenedConfig): BuiltEdge {
  const app = newApp();
  const { stack: network, ...resources } = standInNetwork(app);
  const stack = new EdgeStack(app, 'Edge', { env: ENV, config, ...resources });
  // app.synth() once (later calls return the same assembly; Template.fromStack would synthesize again).
  return { app, stack, network, template: Template.fromJSON(app.synth().getStackArtifact(stack.artifactId).template) };
}

export const PATTERNS: readonly AuthPattern[] = [0, 1, 2, 3];
