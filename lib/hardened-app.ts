import { App, Stage, Tags } from 'aws-cdk-lib';
import { useManagedPolicies } from './core/aspects/managed-policies';
import { useSharedConcurrency } from './core/aspects/shared-concurrency';
import { DEFAULT_DATABASE_NAME } from './app-tier/app-contract';
import { SUBNET_TIERS } from './network/tiered-vpc';
import { HardenedConfig } from './config/types';
import { authPatternFeatures } from './edge/auth-patterns';
import { canaryClientCertificateSecretName } from './monitoring/endpoint-canary';
import { AlertingStack } from './stacks/alerting-stack';
import { AppStack } from './stacks/app-stack';
import { AuditStack } from './stacks/audit-stack';
import { DataStack } from './stacks/data-stack';
import { DrStack } from './stacks/dr-stack';
import { EdgeStack } from './stacks/edge-stack';
import { FilesStack } from './stacks/files-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { ThreatStack } from './stacks/threat-stack';
import { NetworkStack } from './stacks/network-stack';

/** Every stack of one deployment, typed, for wiring and for tests. */
export interface HardenedStacks {
  readonly audit: AuditStack;
  readonly alerting: AlertingStack;
  readonly network: NetworkStack;
  readonly edge: EdgeStack;
  readonly data: DataStack;
  readonly dr: DrStack;
  readonly app: AppStack;
  readonly threat: ThreatStack;
  readonly monitoring: MonitoringStack;
  readonly files: FilesStack;
}

/**
 * Builds all stacks of both regions from one validated configuration. Stack names carry the
 * project name; construct ids of stateful resources are stable (renaming one replaces it).
 */
export function buildHardenedStacks(scope: App | Stage, config: HardenedConfig): HardenedStacks {
  const primary = { account: config.account, region: config.primaryRegion };
  const name = (part: string) => `${pascal(config.projectName)}-${part}`;

  const audit = new AuditStack(scope, name('Audit'), {
    env: primary,
    config,
    description: 'hardened-stack: immutable log archive and CloudTrail (LOG-1, LOG-2)',
    terminationProtection: true,
  });
  // Below every stack that alarms or tells the topic (Monitoring, Files), deployed right after
  // Audit: the topic, its key, its undelivered queue and subscriptions, and the one alarm factory.
  const alerting = new AlertingStack(scope, name('Alerting'), {
    env: primary,
    config,
    description: 'hardened-stack: the encrypted alarm topic every alarm and alert notifies, its undelivered queue and subscriptions (MON-1)',
  });
  // Deployment order only (nothing crosses): the record of API calls first, then where alarms go.
  alerting.addStackDependency(audit, 'the audit trail records the alerting stack from its first call');
  const network = new NetworkStack(scope, name('Network'), {
    env: primary,
    config,
    logArchive: audit.logArchive,
    description: 'hardened-stack: VPC tiers and Network Firewall, its ALERT logs searchable in CloudWatch Logs (NET-1..4, NET-6, NET-7, LOG-1, LOG-4)',
    terminationProtection: true,
  });

  const edge = new EdgeStack(scope, name('Edge'), {
    env: primary,
    config,
    vpc: network.vpc,
    albSecurityGroup: network.securityGroups.alb,
    accessLogBucket: audit.accessLogs.bucket,
    canaryEgressCidrs: network.natGatewayCidrs,
    description: 'hardened-stack: ALB with TLS 1.3 / mutual TLS, WAF, sign-in (WEB-1..6, NET-5, LOG-3)',
  });
  const data = new DataStack(scope, name('Data'), {
    env: primary,
    config,
    vpc: network.vpc,
    appSecurityGroup: network.securityGroups.app,
    description: 'hardened-stack: encrypted Multi-AZ PostgreSQL, nightly backups copied to the DR region (NET-4, DATA-1..6)',
    terminationProtection: true,
  });
  const dr = new DrStack(scope, name('Dr'), {
    env: { account: config.account, region: config.drRegion },
    config,
    primaryDatabase: data.database,
    description: 'hardened-stack: DR region — cross-region read replica, locked backup vault (DATA-3, DATA-4)',
    terminationProtection: true,
  });

  const app = new AppStack(scope, name('App'), {
    env: primary,
    config,
    vpc: network.vpc,
    appSecurityGroup: network.securityGroups.app,
    targetGroup: edge.targetGroup,
    databaseSecret: data.appDatabaseSecret,
    description: 'hardened-stack: multi-AZ Fargate service, re-initialized on a schedule (APP-1..3)',
  });

  const threat = new ThreatStack(scope, name('Threat'), {
    env: primary,
    config,
    blockListIpv4: edge.blockListIpv4,
    blockListIpv6: edge.blockListIpv6,
    allowlistedCidrs: edge.neverBlockCidrs,
    vpc: network.vpc,
    functionSubnets: { subnetGroupName: SUBNET_TIERS.app },
    vpcFunctionActions: network.vpcFunctionActions,
    backupPlan: data.backupPlan,
    backupRole: data.backupRole,
    offenceLogs: { firewallAlerts: network.alertCopy.logGroup, waf: edge.wafLogGroup },
    description: 'hardened-stack: GuardDuty and the IP blocker feeding the WAF block lists (MON-3, MON-4)',
  });

  const files = new FilesStack(scope, name('Files'), {
    env: primary,
    config,
    vpc: network.vpc,
    vpcFunctionActions: network.vpcFunctionActions,
    accessLogBucket: audit.accessLogs.bucket,
    applicationRole: app.taskDefinition.taskRole,
    alarmTopic: alerting.topic,
    description: 'hardened-stack: received files — upload bucket scanned by GuardDuty Malware Protection, quarantine (FILE-1)',
    terminationProtection: true,
  });

  const features = authPatternFeatures(config.edge.authPattern);
  const monitoring = new MonitoringStack(scope, name('Monitoring'), {
    env: primary,
    config,
    alerting,
    loadBalancer: edge.loadBalancer,
    targetGroup: edge.targetGroup,
    // The site's name in every pattern: what customers use, what the certificate covers.
    publicUrl: `https://${config.edge.certificate.domainName ?? edge.loadBalancer.loadBalancerDnsName}${config.app.healthCheckPath}`,
    canaryAccess: {
      expectSignInRedirectTo: edge.signInBaseUrl ? `${edge.signInBaseUrl}oauth2/authorize` : undefined,
      clientCertificateSecretName: features.clientCertificate ? canaryClientCertificateSecretName(config.projectName) : undefined,
      placement: features.siteAllowlist
        ? { vpc: network.vpc, subnets: { subnetGroupName: SUBNET_TIERS.app }, resourcelessActions: network.vpcFunctionActions }
        : undefined,
    },
    cluster: app.cluster,
    service: app.service,
    desiredTaskCount: config.app.desiredCount,
    minHealthyTasks: config.app.minCount,
    database: data.database,
    databaseProbe: {
      vpc: network.vpc,
      subnets: { subnetGroupName: SUBNET_TIERS.app },
      securityGroup: network.securityGroups.app,
      secret: data.appDatabaseSecret,
      secretKey: data.databaseKey,
      databaseName: DEFAULT_DATABASE_NAME,
      resourcelessActions: network.vpcFunctionActions,
    },
    firewallName: network.firewall.firewallName,
    webAclName: edge.webAcl.name!,
    recycleDeadLetterQueue: app.recycleDeadLetterQueue,
    blockerFunction: threat.blocker.blockerFunction,
    blockerDeadLetterQueue: threat.blocker.deadLetterQueue,
    blockerReconcilerFunction: threat.blocker.reconcilerFunction,
    blockerEvictions: threat.blocker.metricEvictions(),
    receivedFiles: files.scanResults,
    alertCopyDeadLetterQueue: network.alertCopy.deadLetterQueue,
    alertCopyFunction: network.alertCopy.copyFunction,
    recycleScheduleGroupName: app.recycleScheduleGroup.scheduleGroupName,
    appSubnets: network.network.subnets('App').subnets,
    accessLogBucket: audit.accessLogs.bucket,
    description: 'hardened-stack: alarms within 5 minutes, outside-in canary, dashboard, fault drills (MON-1, MON-2, MON-5, RES-1)',
  });

  for (const stack of [audit, alerting, network, edge, data, dr, app, threat, files, monitoring]) {
    useManagedPolicies(stack);
    if (!config.lambdaReservedConcurrency) useSharedConcurrency(stack);
    // Tags on these types are newer than the CloudFormation schema cfn-lint checks against.
    const tagOptions = {
      excludeResourceTypes: ['AWS::ElasticLoadBalancingV2::Listener', 'AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::CloudWatch::Dashboard'],
    };
    Tags.of(stack).add('hardened:project', config.projectName, tagOptions);
    Tags.of(stack).add('hardened:environment', config.environment, tagOptions);
  }
  return { audit, alerting, network, edge, data, dr, app, threat, files, monitoring };
}

function pascal(s: string): string {
  return s.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
