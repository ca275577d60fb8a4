/**
 * The project's own cdk-nag pack, "Hardened": one rule per control requirement of the catalog
 * (`lib/controls/catalog.ts`) that the standard packs do not check. The pack only chooses rules
 * and words; each rule is a pure function in `rules/<area>/<RuleName>.ts`.
 *
 * Rule ids are `Hardened-<CONTROL>-<RuleName>`; `HARDENED_RULES` is the table the compliance
 * report reads, `controlOfRule` maps a finding back to its control.
 */
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ControlId, isControlId } from '../controls/catalog';
import { ContainerSecretsNotInEnvironment } from './rules/app/ContainerSecretsNotInEnvironment';
import { ContainersRunReadOnlyNonRoot } from './rules/app/ContainersRunReadOnlyNonRoot';
import { ServiceBehindHealthCheckedLoadBalancer } from './rules/app/ServiceBehindHealthCheckedLoadBalancer';
import { ServiceDeploymentRollsBack } from './rules/app/ServiceDeploymentRollsBack';
import { ServiceHasNoPublicIp } from './rules/app/ServiceHasNoPublicIp';
import { ServiceRecycledOnSchedule } from './rules/app/ServiceRecycledOnSchedule';
import { ServiceRunsInSeveralAzs } from './rules/app/ServiceRunsInSeveralAzs';
import { BackupPlanCopiesToOtherRegion } from './rules/data/BackupPlanCopiesToOtherRegion';
import { BackupVaultLocked } from './rules/data/BackupVaultLocked';
import { DatabaseBackedUpNightly } from './rules/data/DatabaseBackedUpNightly';
import { DatabaseCredentialsRotated } from './rules/data/DatabaseCredentialsRotated';
import { DatabaseEncryptedWithRotatingKey } from './rules/data/DatabaseEncryptedWithRotatingKey';
import { DatabaseForcesTls } from './rules/data/DatabaseForcesTls';
import { DatabaseHasCrossRegionReplica } from './rules/data/DatabaseHasCrossRegionReplica';
import { DatabaseInBackupPlan } from './rules/data/DatabaseInBackupPlan';
import { DatabaseMultiAzAndDeletionProtected } from './rules/data/DatabaseMultiAzAndDeletionProtected';
import { DatabaseUsesIamAuth } from './rules/data/DatabaseUsesIamAuth';
import { DatabaseRotationKeepsRunningTasksConnected } from './rules/data/DatabaseRotationKeepsRunningTasksConnected';
import { STATEFUL_RESOURCE_TYPES, StatefulResourceRetained } from './rules/data/StatefulResourceRetained';
import { UploadBucketReadableOnlyWhenClean } from './rules/file/UploadBucketReadableOnlyWhenClean';
import { UploadBucketScannedForMalware } from './rules/file/UploadBucketScannedForMalware';
import { BucketBlocksPublicAccess } from './rules/gov/BucketBlocksPublicAccess';
import { BucketEncrypted } from './rules/gov/BucketEncrypted';
import { BucketRequiresTls } from './rules/gov/BucketRequiresTls';
import { KmsKeyRotationEnabled } from './rules/gov/KmsKeyRotationEnabled';
import { AlbAccessAndConnectionLogsEnabled } from './rules/log/AlbAccessAndConnectionLogsEnabled';
import { FirewallAlertsSearchableInCloudWatch } from './rules/log/FirewallAlertsSearchableInCloudWatch';
import { FirewallLogsAlertAndFlow } from './rules/log/FirewallLogsAlertAndFlow';
import { FirewallLogsRetainedThreeYears } from './rules/log/FirewallLogsRetainedThreeYears';
import { SecurityLogGroupRetainedThreeYears } from './rules/log/SecurityLogGroupRetainedThreeYears';
import { TrailDeliversToLockedArchive } from './rules/log/TrailDeliversToLockedArchive';
import { TrailMultiRegionValidatedEncrypted } from './rules/log/TrailMultiRegionValidatedEncrypted';
import { VpcFlowLogsCaptureAll } from './rules/log/VpcFlowLogsCaptureAll';
import { WebAclLogged } from './rules/log/WebAclLogged';
import { WebAclLogsRedactSecrets } from './rules/log/WebAclLogsRedactSecrets';
import { AlarmDetectsWithinFiveMinutes } from './rules/mon/AlarmDetectsWithinFiveMinutes';
import { AlarmNotifies } from './rules/mon/AlarmNotifies';
import { AlarmTopicEncrypted } from './rules/mon/AlarmTopicEncrypted';
import { AlarmTreatsMissingDataExplicitly } from './rules/mon/AlarmTreatsMissingDataExplicitly';
import { AvailabilityDashboardExists } from './rules/mon/AvailabilityDashboardExists';
import { AvailabilitySloAlarmExists } from './rules/mon/AvailabilitySloAlarmExists';
import { BlockerScopedToIpSets } from './rules/mon/BlockerScopedToIpSets';
import { CRITICAL_RESOURCE_TYPES, CriticalResourceHasAlarm } from './rules/mon/CriticalResourceHasAlarm';
import { GuardDutyFindingsTriggerResponse } from './rules/mon/GuardDutyFindingsTriggerResponse';
import { GuardDutyResponseHasDeadLetterQueue } from './rules/mon/GuardDutyResponseHasDeadLetterQueue';
import { PublicEndpointProbedByCanary } from './rules/mon/PublicEndpointProbedByCanary';
import { WebAclBlocksResponderIpSet } from './rules/mon/WebAclBlocksResponderIpSet';
import { AdminPathsRestrictedToAllowlist } from './rules/net/AdminPathsRestrictedToAllowlist';
import { DatabaseIngressOnlyFromSecurityGroups } from './rules/net/DatabaseIngressOnlyFromSecurityGroups';
import { DatabaseUnreachableFromInternet } from './rules/net/DatabaseUnreachableFromInternet';
import { EgressRestrictedToAllowlist } from './rules/net/EgressRestrictedToAllowlist';
import { FirewallInEveryAz } from './rules/net/FirewallInEveryAz';
import { FirewallPolicyChangeProtected } from './rules/net/FirewallPolicyChangeProtected';
import { FirewallPolicyDropsByDefault } from './rules/net/FirewallPolicyDropsByDefault';
import { FirewallPolicyDropsIntrusions } from './rules/net/FirewallPolicyDropsIntrusions';
import { FirewallProtectedFromDeletion } from './rules/net/FirewallProtectedFromDeletion';
import { NoRouteBypassesFirewall } from './rules/net/NoRouteBypassesFirewall';
import { PublicSubnetIngressViaFirewall } from './rules/net/PublicSubnetIngressViaFirewall';
import { StatelessRulesNeverPass } from './rules/net/StatelessRulesNeverPass';
import { beginScan, endScan } from './rules/support';
import { AlbAlarmsOnNoHealthyTargets } from './rules/mon/AlbAlarmsOnNoHealthyTargets';
import { DatabaseAlarmsWhenDown } from './rules/mon/DatabaseAlarmsWhenDown';
import { GuardDutyDetectorCoversWorkloads } from './rules/mon/GuardDutyDetectorCoversWorkloads';
import { LivenessAlarmTreatsMissingDataAsBreaching } from './rules/mon/LivenessAlarmTreatsMissingDataAsBreaching';
import { PublicEndpointAlarmsWhenUnreachable } from './rules/mon/PublicEndpointAlarmsWhenUnreachable';
import { ServiceAlarmsOnTasksShort } from './rules/mon/ServiceAlarmsOnTasksShort';
import { AdminAllowlistNamesNarrowRanges } from './rules/net/AdminAllowlistNamesNarrowRanges';
import { EgressPassRulesNameDestination } from './rules/net/EgressPassRulesNameDestination';
import { IntrusionDropsPrecedePasses } from './rules/net/IntrusionDropsPrecedePasses';
import { StatefulGroupsKeepTheirDrops } from './rules/net/StatefulGroupsKeepTheirDrops';
import { HttpListenerRedirectsToHttps } from './rules/web/HttpListenerRedirectsToHttps';
import { HttpsListenerSendsHsts } from './rules/web/HttpsListenerSendsHsts';
import { HttpsListenerUsesTls13Policy } from './rules/web/HttpsListenerUsesTls13Policy';
import { MutualTlsVerifiesClients } from './rules/web/MutualTlsVerifiesClients';
import { SignInSessionTimesOut } from './rules/web/SignInSessionTimesOut';
import { SiteAllowlistWellFormed } from './rules/web/SiteAllowlistWellFormed';
import { AlbDropsInvalidHeaders } from './rules/web/AlbDropsInvalidHeaders';
import { AlbProtectedByWebAcl } from './rules/web/AlbProtectedByWebAcl';
import { UserPoolRequiresStrongPasswordAndMfa } from './rules/web/UserPoolRequiresStrongPasswordAndMfa';
import { WebAclRateLimitsClients } from './rules/web/WebAclRateLimitsClients';
import { WebAclUsesManagedProtections } from './rules/web/WebAclUsesManagedProtections';

/** The pack name, and the prefix of every rule id. */
export const HARDENED_PACK_NAME = 'Hardened';

/** One rule of the pack. */
export interface HardenedRule {
  /** The id without the pack prefix: `<CONTROL>-<RuleName>`. */
  readonly ruleSuffix: string;
  /** The catalog control the rule enforces. */
  readonly controlId: ControlId;
  /** One sentence naming the control: what a finding means. */
  readonly info: string;
  /** Why it matters. */
  readonly explanation: string;
  /** The rule: a pure function of one resource. */
  readonly rule: (node: CfnResource) => NagRuleCompliance;
  /** The CloudFormation types the rule examines (it is not applicable to any other). */
  readonly resourceTypes: readonly string[];
}

const ALB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const WEB_ACL = 'AWS::WAFv2::WebACL';
const FIREWALL = 'AWS::NetworkFirewall::Firewall';
const FIREWALL_POLICY = 'AWS::NetworkFirewall::FirewallPolicy';
const DB_INSTANCE = 'AWS::RDS::DBInstance';
const ECS_SERVICE = 'AWS::ECS::Service';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const BUCKET = 'AWS::S3::Bucket';
const ALARM = 'AWS::CloudWatch::Alarm';

function rule(
  controlId: ControlId,
  fn: (node: CfnResource) => NagRuleCompliance,
  resourceTypes: readonly string[],
  info: string,
  explanation: string,
): HardenedRule {
  return { ruleSuffix: `${controlId}-${fn.name}`, controlId, info, explanation, rule: fn, resourceTypes };
}

/** Every rule of the pack, grouped by control in catalog order. */
export const HARDENED_RULES: readonly HardenedRule[] = [
  // Perimeter
  rule(
    'NET-1',
    FirewallPolicyDropsByDefault,
    [FIREWALL_POLICY],
    'NET-1: the firewall policy is not default deny (STRICT_ORDER, stateful default aws:drop_established or aws:drop_strict, stateless and fragment defaults aws:forward_to_sfe).',
    'Only explicitly allowed flows may pass; a policy that passes by default, orders rules by action or lets stateless traffic skip the stateful engine admits what nobody approved.',
  ),
  rule(
    'NET-1',
    StatelessRulesNeverPass,
    ['AWS::NetworkFirewall::RuleGroup'],
    'NET-1: a stateless rule group passes traffic (aws:pass).',
    'A stateless pass skips the stateful engine: the flow is neither inspected by the IPS nor subject to the default deny.',
  ),
  rule(
    'NET-1',
    FirewallInEveryAz,
    [FIREWALL],
    "NET-1: the Network Firewall has no endpoint in some AZ of its VPC's subnets.",
    'Traffic of an AZ without a firewall endpoint either crosses AZs (and fails with the other AZ) or is routed around the firewall.',
  ),
  rule(
    'NET-2',
    FirewallPolicyDropsIntrusions,
    [FIREWALL_POLICY],
    "NET-2: the firewall policy references none of the app's own stateful rule groups with drop/reject rules (not overridden to alert); AWS managed groups alone do not count.",
    'Intrusion prevention means matching traffic is dropped, not only logged, by signatures the project reviews; managed groups change without review and lack the project signatures.',
  ),
  rule(
    'NET-2',
    StatefulGroupsKeepTheirDrops,
    [FIREWALL_POLICY],
    'NET-2: a stateful rule group reference of the firewall policy is overridden to DROP_TO_ALERT.',
    'The override turns every drop of the group into an alert: the firewall detects what it was meant to prevent.',
  ),
  rule(
    'NET-2',
    IntrusionDropsPrecedePasses,
    [FIREWALL_POLICY],
    "NET-2: an app rule group with drop rules has a higher priority number than a group with pass rules (strict order: the pass wins first).",
    'In strict order the first pass or drop that matches decides; signatures behind the pass rules never see the flows those rules allow.',
  ),
  rule(
    'NET-3',
    NoRouteBypassesFirewall,
    ['AWS::EC2::Route'],
    'NET-3: a subnet that is not a firewall subnet has a default route to the internet gateway (final template value, overrides included).',
    'Any subnet routed straight to the internet gateway sends and receives traffic the firewall never sees.',
  ),
  rule(
    'NET-3',
    PublicSubnetIngressViaFirewall,
    ['AWS::EC2::Subnet'],
    "NET-3: the internet gateway's edge route table does not send this public subnet's CIDR to a firewall endpoint.",
    'Without the edge route, replies and new connections from the internet reach the public subnet (the ALB) uninspected.',
  ),
  rule(
    'NET-4',
    DatabaseUnreachableFromInternet,
    [DB_INSTANCE],
    'NET-4: the database instance is publicly accessible or its subnet group has subnets that are not private (tier data, or at least not public).',
    'The database must be unreachable from the internet whatever its security groups say.',
  ),
  rule(
    'NET-4',
    DatabaseIngressOnlyFromSecurityGroups,
    [DB_INSTANCE],
    'NET-4: a security group of the database admits an address range (CidrIp, CidrIpv6, prefix list) instead of a source security group.',
    'The database is reachable only from the app tier; address ranges admit whatever else lives in them.',
  ),
  rule(
    'NET-5',
    AdminPathsRestrictedToAllowlist,
    [WEB_ACL],
    'NET-5: the web ACL has no rule blocking admin path prefixes for sources outside the admin IP set.',
    'Management paths must answer only registered addresses (seeds S0, S2, S3).',
  ),
  rule(
    'NET-5',
    AdminAllowlistNamesNarrowRanges,
    [WEB_ACL],
    'NET-5: an IP set a blocking rule exempts (the admin allowlist) holds a range wider than /16 (IPv4) or /48 (IPv6).',
    'An allowlist of registered places that admits half the internet restricts nothing.',
  ),
  rule(
    'NET-6',
    EgressRestrictedToAllowlist,
    [FIREWALL_POLICY],
    'NET-6: the firewall policy does not restrict egress to a domain allowlist (default drop + TLS SNI / HTTP Host allowlist rule group).',
    'Outbound traffic limited to known destinations stops data exfiltration and command-and-control callbacks.',
  ),
  rule(
    'NET-6',
    EgressPassRulesNameDestination,
    ['AWS::NetworkFirewall::RuleGroup'],
    'NET-6: a stateful pass rule lets the VPC reach any internet destination without naming one (TLS SNI / HTTP Host match or a specific address).',
    'One pass to any destination opens egress to everything on that protocol, whatever the domain allowlist next to it says.',
  ),
  rule(
    'NET-7',
    FirewallProtectedFromDeletion,
    [FIREWALL],
    'NET-7: the Network Firewall lacks DeleteProtection or SubnetChangeProtection.',
    'An accidental delete or subnet change would remove inspection from the network path.',
  ),
  rule(
    'NET-7',
    FirewallPolicyChangeProtected,
    [FIREWALL],
    'NET-7: the Network Firewall lacks FirewallPolicyChangeProtection.',
    'Swapping the policy detaches the IPS and the default deny as surely as deleting the firewall.',
  ),
  // Logs and audit
  rule(
    'LOG-1',
    FirewallLogsAlertAndFlow,
    [FIREWALL],
    'LOG-1: the Network Firewall does not log both ALERT and FLOW records.',
    'Alert logs show what the IPS stopped, flow logs what passed; an investigation needs both.',
  ),
  rule(
    'LOG-1',
    FirewallLogsRetainedThreeYears,
    [FIREWALL],
    'LOG-1: a firewall log destination does not keep logs ≥ 1096 days (S3 with Object Lock default retention ≥ 1096 days, or a log group retained ≥ 1096 days).',
    'Seed S3 promises firewall logs kept three years; Object Lock makes them immutable for that time.',
  ),
  rule(
    'LOG-1',
    FirewallAlertsSearchableInCloudWatch,
    [FIREWALL],
    "LOG-1: the Network Firewall's ALERT logs are not searchable in CloudWatch Logs (delivered to a log group kept ≥ 1096 days, or copied to one from their S3 destination by an EventBridge rule on Object Created under the ALERT prefix invoking a Lambda function).",
    'Alerts are what an investigation searches first; the locked S3 archive keeps them immutable but cannot be queried, so a copy kept as long must be searchable in Logs Insights.',
  ),
  rule(
    'LOG-1',
    SecurityLogGroupRetainedThreeYears,
    ['AWS::Logs::LogGroup'],
    'LOG-1: a log group of firewall, WAF, CloudTrail or flow logs is retained less than 1096 days.',
    'Security logs are evidence; they must outlive the three years the seeds promise.',
  ),
  rule(
    'LOG-2',
    TrailMultiRegionValidatedEncrypted,
    ['AWS::CloudTrail::Trail'],
    'LOG-2: the CloudTrail trail is not multi-region, lacks log-file validation or is not KMS-encrypted.',
    'Every API operation in every region must be recorded, encrypted and tamper-evident.',
  ),
  rule(
    'LOG-2',
    TrailDeliversToLockedArchive,
    ['AWS::CloudTrail::Trail'],
    'LOG-2: the CloudTrail trail does not deliver to an Object Lock bucket retaining ≥ 1096 days.',
    'A record that can be deleted or rewritten proves nothing; the locked archive keeps it unchanged.',
  ),
  rule(
    'LOG-3',
    WebAclLogged,
    [WEB_ACL],
    'LOG-3: the web ACL does not log every request to an aws-waf-logs- log group (or locked bucket) kept ≥ 1096 days.',
    'Access patterns are evidence of attacks and must be kept; a logging filter that drops by default loses them.',
  ),
  rule(
    'LOG-3',
    WebAclLogsRedactSecrets,
    [WEB_ACL],
    'LOG-3: WAF logging does not redact the authorization and cookie headers.',
    'Logs kept for years must not hold session cookies or credentials that would let a reader sign in as a user.',
  ),
  rule(
    'LOG-3',
    AlbAccessAndConnectionLogsEnabled,
    [ALB],
    'LOG-3: the Application Load Balancer does not write both access logs and connection logs.',
    'Access logs record every request, connection logs the TLS handshake and client certificate; both are part of the access record.',
  ),
  rule(
    'LOG-4',
    VpcFlowLogsCaptureAll,
    ['AWS::EC2::VPC'],
    'LOG-4: the VPC has no flow log capturing ALL traffic.',
    'Flow records of accepted and rejected traffic are the network evidence of every VPC.',
  ),
  // Edge
  rule(
    'WEB-1',
    WebAclUsesManagedProtections,
    [WEB_ACL],
    'WEB-1: the web ACL lacks one of the AWS managed rule groups CommonRuleSet, KnownBadInputsRuleSet, SQLiRuleSet, AmazonIpReputationList in blocking mode.',
    'These groups block XSS, SQL injection, known bad inputs and bad-reputation addresses; in Count mode they block nothing.',
  ),
  rule(
    'WEB-1',
    AlbProtectedByWebAcl,
    [ALB],
    'WEB-1: the internet-facing Application Load Balancer is not associated with a web ACL.',
    'Without the association the WAF inspects nothing that reaches the load balancer.',
  ),
  rule(
    'WEB-2',
    WebAclRateLimitsClients,
    [WEB_ACL],
    'WEB-2: the web ACL has no blocking rate-based rule keyed on the client IP.',
    'Per-client rate limits contain floods, scraping and credential stuffing.',
  ),
  rule(
    'WEB-3',
    HttpsListenerUsesTls13Policy,
    [LISTENER],
    'WEB-3: the HTTPS listener does not use a TLS 1.3 security policy (ELBSecurityPolicy-TLS13-1-2-… or -1-3-…).',
    'Older policies accept TLS 1.0/1.1 and weak ciphers.',
  ),
  rule(
    'WEB-3',
    HttpListenerRedirectsToHttps,
    [LISTENER],
    'WEB-3: the HTTP listener does something other than redirect to HTTPS with a 301.',
    'Nothing may be served in clear text; plain HTTP exists only to send clients to HTTPS.',
  ),
  rule(
    'WEB-3',
    AlbDropsInvalidHeaders,
    [ALB],
    'WEB-3: the Application Load Balancer does not drop invalid header fields or does not use the strictest desync mitigation.',
    'Malformed headers and ambiguous requests are the raw material of request smuggling.',
  ),
  rule(
    'WEB-3',
    HttpsListenerSendsHsts,
    [LISTENER],
    'WEB-3: the HTTPS listener does not send Strict-Transport-Security with a max-age of at least one year.',
    'HSTS makes browsers refuse plain HTTP to the site, closing the downgrade window.',
  ),
  rule(
    'WEB-4',
    MutualTlsVerifiesClients,
    [LISTENER],
    'WEB-4: the listener uses mutual TLS without verifying client certificates against a trust store (verify mode, expiry not ignored).',
    'A client certificate is a second factor only if the load balancer verifies it.',
  ),
  rule(
    'WEB-5',
    UserPoolRequiresStrongPasswordAndMfa,
    ['AWS::Cognito::UserPool'],
    'WEB-5: the Cognito user pool does not require passwords of ≥ 10 mixed characters or does not require MFA.',
    'Seeds S1 and S2 promise 10+ mixed-character passwords and a second factor.',
  ),
  rule(
    'WEB-5',
    SignInSessionTimesOut,
    [LISTENER, LISTENER_RULE],
    'WEB-5: an ALB sign-in action has no session timeout of at most 12 hours (the default is 7 days).',
    'Auto-logout limits what an unattended or stolen session can do.',
  ),
  rule(
    'WEB-6',
    SiteAllowlistWellFormed,
    [WEB_ACL],
    'WEB-6: the web ACL blocks by default but has no rule allowing an IP set.',
    'A whole-site source-IP restriction must admit the allowlisted addresses, or the site answers nobody.',
  ),
  // Compute
  rule(
    'APP-1',
    ServiceRunsInSeveralAzs,
    [ECS_SERVICE],
    'APP-1: the Fargate service does not run ≥ 2 tasks over subnets in ≥ 2 AZs.',
    'A single task or a single AZ is a single point of failure.',
  ),
  rule(
    'APP-1',
    ServiceDeploymentRollsBack,
    [ECS_SERVICE],
    'APP-1: the service deployment has no circuit breaker with rollback, or lets capacity drop below 100 %.',
    'A failing deployment must roll back on its own without lowering the running capacity.',
  ),
  rule(
    'APP-1',
    ServiceBehindHealthCheckedLoadBalancer,
    [ECS_SERVICE],
    'APP-1: the Fargate service is not registered with a health-checked load balancer target group.',
    'The load balancer spreads traffic over the tasks and takes unhealthy ones out.',
  ),
  rule(
    'APP-2',
    ServiceRecycledOnSchedule,
    [ECS_SERVICE],
    'APP-2: no enabled schedule calls ecs:updateService with this service, its cluster and ForceNewDeployment true.',
    'Containers re-initialised on a schedule shed whatever a compromise left in them (seed S3).',
  ),
  rule(
    'APP-3',
    ContainersRunReadOnlyNonRoot,
    [TASK_DEFINITION],
    'APP-3: a container has a writable root filesystem, runs as root (or with no user) or is privileged.',
    'Limiting write access and privileges limits what an attacker inside a container can change.',
  ),
  rule(
    'APP-3',
    ContainerSecretsNotInEnvironment,
    [TASK_DEFINITION],
    'APP-3: a container receives a secret-looking variable (PASSWORD, SECRET, TOKEN, KEY…) as plain environment.',
    'Plain environment values are visible to anyone who can describe the task definition; secrets belong in Secrets.',
  ),
  rule(
    'APP-3',
    ServiceHasNoPublicIp,
    [ECS_SERVICE],
    'APP-3: the ECS service assigns public IP addresses to its tasks.',
    'Tasks with public addresses are reachable around the load balancer, the WAF and the firewall.',
  ),
  // Data
  rule(
    'DATA-1',
    DatabaseEncryptedWithRotatingKey,
    [DB_INSTANCE],
    'DATA-1: the database instance is not encrypted with a customer-managed rotating KMS key of the app (replicas: no KmsKeyId).',
    'A customer-managed key keeps control of the data with the owner and can be audited and revoked.',
  ),
  rule(
    'DATA-2',
    DatabaseBackedUpNightly,
    [DB_INSTANCE],
    'DATA-2: the primary database keeps < 7 days of backups or its backup window is not within 22:00–06:00 in the backup plans\' time zone (13:00–21:00 UTC for Asia/Tokyo).',
    'Seeds promise nightly daily backups and point-in-time recovery.',
  ),
  rule(
    'DATA-2',
    DatabaseMultiAzAndDeletionProtected,
    [DB_INSTANCE],
    'DATA-2: the primary database has no Multi-AZ standby or no deletion protection.',
    'A standby in another AZ takes over on failure; deletion protection stops an accidental delete.',
  ),
  rule(
    'DATA-3',
    DatabaseHasCrossRegionReplica,
    [DB_INSTANCE],
    'DATA-3: the primary database has no encrypted read replica in another region.',
    'A copy at a remote site survives the loss of the whole primary region.',
  ),
  rule(
    'DATA-4',
    BackupPlanCopiesToOtherRegion,
    ['AWS::Backup::BackupPlan'],
    'DATA-4: a backup plan rule does not copy recovery points to a vault in another region (region known at synth time).',
    'Backups kept in several places survive a regional outage or a compromised region.',
  ),
  rule(
    'DATA-4',
    BackupVaultLocked,
    ['AWS::Backup::BackupVault'],
    'DATA-4: the backup vault has no vault lock with a minimum retention of ≥ 7 days.',
    'A locked vault keeps backups from being deleted early, by mistake or by an attacker.',
  ),
  rule(
    'DATA-4',
    DatabaseInBackupPlan,
    [DB_INSTANCE],
    'DATA-4: the primary database is not selected by any AWS Backup plan of the app.',
    'Only selected resources are backed up and copied across regions.',
  ),
  rule(
    'DATA-5',
    StatefulResourceRetained,
    STATEFUL_RESOURCE_TYPES,
    'DATA-5: a stateful resource is not retained (DeletionPolicy and UpdateReplacePolicy Retain or Snapshot).',
    'Deleting or replacing a stack must never delete data, keys, logs or backups.',
  ),
  rule(
    'DATA-6',
    DatabaseForcesTls,
    [DB_INSTANCE],
    'DATA-6: the database parameter group does not force TLS (rds.force_ssl = 1).',
    'Connections carrying personal data must be encrypted in transit.',
  ),
  rule(
    'DATA-6',
    DatabaseUsesIamAuth,
    [DB_INSTANCE],
    'DATA-6: the database does not enable IAM database authentication.',
    'Short-lived IAM tokens replace long-lived passwords for the application.',
  ),
  rule(
    'DATA-6',
    DatabaseCredentialsRotated,
    [DB_INSTANCE],
    "DATA-6: the database's credentials are not rotated at least every 30 days.",
    'Rotated credentials limit how long a leaked password is useful.',
  ),
  rule('DATA-6', DatabaseRotationKeepsRunningTasksConnected, [TASK_DEFINITION], 'DATA-6: a task reads a database secret that is rotated single-user (or by a rotation not proven multi-user): running tasks lose the database at each rotation.', 'ECS reads secrets only at task start; alternating-users rotation keeps the password a running task holds valid until the rotation after next.'),
  // Detection and response
  rule(
    'MON-1',
    AlarmDetectsWithinFiveMinutes,
    [ALARM],
    'MON-1: the alarm takes longer than its class allows to fire, counted honestly (period × datapoints + publication delay + evaluation cadence > 300 s, critical > 180 s).',
    'Seed S2 promises failures detected within 5 minutes.',
  ),
  rule(
    'MON-1',
    AlarmNotifies,
    [ALARM, 'AWS::CloudWatch::CompositeAlarm'],
    'MON-1: the alarm has no alarm action (or its actions are disabled).',
    'An alarm nobody hears detects nothing.',
  ),
  rule(
    'MON-1',
    AlarmTreatsMissingDataExplicitly,
    [ALARM],
    'MON-1: the alarm does not set TreatMissingData.',
    'Whether silence is a failure must be decided per alarm, not left to the default.',
  ),
  rule(
    'MON-1',
    LivenessAlarmTreatsMissingDataAsBreaching,
    [ALARM],
    'MON-1: a liveness alarm (healthy hosts, running tasks, canary success, firewall packets, replica lag, RDS sample count) does not treat missing data as breaching, and no other alarm on the same component does.',
    'When the watched component dies it stops publishing; only a breaching treatment turns that silence into a page.',
  ),
  rule(
    'MON-1',
    AlarmTopicEncrypted,
    ['AWS::SNS::Topic'],
    'MON-1: an SNS topic used by alarms is not encrypted with a customer-managed key that allows CloudWatch.',
    'With the AWS managed SNS key, alarm notifications fail silently.',
  ),
  rule(
    'MON-2',
    CriticalResourceHasAlarm,
    CRITICAL_RESOURCE_TYPES,
    'MON-2: no alarm watches this critical component (ALB, ECS service, database, firewall, web ACL).',
    'Every critical component must raise an alarm when it fails.',
  ),
  rule(
    'MON-2',
    AlbAlarmsOnNoHealthyTargets,
    [ALB],
    'MON-2: no alarm fires when the public load balancer has no healthy target (AWS/ApplicationELB HealthyHostCount, firing low).',
    'Every request fails when no target is healthy; 5xx alarms need requests to notice.',
  ),
  rule(
    'MON-2',
    ServiceAlarmsOnTasksShort,
    [ECS_SERVICE],
    'MON-2: no alarm fires when the ECS service runs fewer tasks than it should (ECS/ContainerInsights RunningTaskCount, firing low).',
    'CPU and memory alarms go quiet exactly when tasks stop.',
  ),
  rule(
    'MON-2',
    DatabaseAlarmsWhenDown,
    [DB_INSTANCE],
    'MON-2: nothing fires when the primary database goes down (an AWS/RDS SampleCount alarm with missing data breaching, or an RDS instance-event rule with a target).',
    'A stopped database publishes no metric; only a heartbeat alarm or its events notice.',
  ),
  rule(
    'MON-2',
    PublicEndpointAlarmsWhenUnreachable,
    [ALB],
    "MON-2: no alarm fires when the outside-in probe fails (CloudWatchSynthetics SuccessPercent of the app's canary, firing low).",
    'A canary nobody alarms on fails silently.',
  ),
  rule(
    'MON-2',
    PublicEndpointProbedByCanary,
    [ALB],
    'MON-2: no scheduled Synthetics canary probes the public endpoint.',
    'An outside-in probe sees failures that no component metric shows.',
  ),
  rule(
    'MON-3',
    GuardDutyFindingsTriggerResponse,
    [WEB_ACL],
    'MON-3: no enabled EventBridge rule routes GuardDuty findings to a response function.',
    'Threat detection without automated response leaves attackers in place until someone reads the finding.',
  ),
  rule(
    'MON-3',
    GuardDutyResponseHasDeadLetterQueue,
    ['AWS::Events::Rule'],
    'MON-3: the GuardDuty findings rule does not deliver to a Lambda function with a dead-letter queue on the target.',
    'A finding that could not be delivered must be kept, not lost.',
  ),
  rule(
    'MON-3',
    GuardDutyDetectorCoversWorkloads,
    ['AWS::GuardDuty::Detector'],
    'MON-3: the GuardDuty detector is disabled or does not enable the features the workloads need (runtime monitoring with ECS Fargate agent management, RDS login events, S3 data events).',
    'A disabled or blind detector sends the automated response nothing.',
  ),
  rule(
    'MON-4',
    BlockerScopedToIpSets,
    ['AWS::Lambda::Function'],
    'MON-4: the GuardDuty responder cannot update WAF IP sets, or may update them with Resource "*".',
    'The blocker may change the IP sets it maintains and nothing else.',
  ),
  rule(
    'MON-4',
    WebAclBlocksResponderIpSet,
    [WEB_ACL],
    'MON-4: the web ACL blocks no IP set that the GuardDuty responder maintains.',
    'Addresses the blocker writes are blocked only if the web ACL enforces that IP set.',
  ),
  rule(
    'MON-5',
    AvailabilitySloAlarmExists,
    [ALB],
    'MON-5: no metric-math (SLO) alarm measures the availability of the public load balancer.',
    'The 99.9 % availability target must be measured to be kept.',
  ),
  rule(
    'MON-5',
    AvailabilityDashboardExists,
    [ALB],
    'MON-5: no CloudWatch dashboard charts the public load balancer.',
    'Availability must be visible to operators, not only alarmed.',
  ),
  // Received files
  rule(
    'FILE-1',
    UploadBucketScannedForMalware,
    [BUCKET],
    'FILE-1: the upload bucket is not protected by a GuardDuty Malware Protection plan that tags scanned objects.',
    'Received files must be scanned by a managed malware scanner (seeds S2, S3).',
  ),
  rule(
    'FILE-1',
    UploadBucketReadableOnlyWhenClean,
    [BUCKET],
    'FILE-1: the upload bucket policy does not deny s3:GetObject unless GuardDutyMalwareScanStatus is NO_THREATS_FOUND.',
    'A file must be unreadable until it is found clean.',
  ),
  // Governance
  rule(
    'GOV-1',
    BucketEncrypted,
    [BUCKET],
    'GOV-1: the S3 bucket declares no default encryption.',
    'Everything stored is encrypted at rest.',
  ),
  rule(
    'GOV-1',
    BucketBlocksPublicAccess,
    [BUCKET],
    'GOV-1: the S3 bucket does not block public access with all four settings.',
    'No bucket of the stack may ever become public.',
  ),
  rule(
    'GOV-1',
    BucketRequiresTls,
    [BUCKET],
    'GOV-1: the S3 bucket policy does not deny requests without TLS (aws:SecureTransport false).',
    'Data in transit is always encrypted.',
  ),
  rule(
    'GOV-1',
    KmsKeyRotationEnabled,
    ['AWS::KMS::Key'],
    'GOV-1: the symmetric KMS key does not rotate automatically.',
    'Rotation limits the data exposed under any one key version.',
  ),
];

const BY_SUFFIX: ReadonlyMap<string, HardenedRule> = new Map(HARDENED_RULES.map((r) => [r.ruleSuffix, r]));

/** The full id of a rule: `Hardened-<CONTROL>-<RuleName>`. */
export function hardenedRuleId(r: HardenedRule): string {
  return `${HARDENED_PACK_NAME}-${r.ruleSuffix}`;
}

/**
 * The control a Hardened finding belongs to. Accepts a full rule id
 * (`Hardened-NET-1-FirewallPolicyDropsByDefault`), one with a finding suffix (`…[finding]`), or
 * a bare suffix (`NET-1-FirewallPolicyDropsByDefault`). Undefined for other packs' ids.
 */
export function controlOfRule(ruleId: string): ControlId | undefined {
  const withoutFinding = ruleId.replace(/\[.*\]$/, '');
  const suffix = withoutFinding.startsWith(`${HARDENED_PACK_NAME}-`) ? withoutFinding.slice(HARDENED_PACK_NAME.length + 1) : withoutFinding;
  const known = BY_SUFFIX.get(suffix);
  if (known) return known.controlId;
  const m = /^([A-Z]+-\d+)-/.exec(suffix);
  return m && isControlId(m[1]) && withoutFinding !== suffix ? m[1] : undefined;
}

/**
 * The Hardened pack. Register on the app with
 * `Validations.of(app).addPlugins(new HardenedChecks(app))`; in tests use
 * `new HardenedChecks().validateScope(stackOrApp).violations`.
 */
export class HardenedChecks extends NagPack {
  public readonly name = HARDENED_PACK_NAME;
  public readonly ruleIds = HARDENED_RULES.map(hardenedRuleId);

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = HARDENED_PACK_NAME;
  }

  /** Validates with the app walk and resource views cached for the duration of the validation. */
  public validateScope(scope: IConstruct) {
    beginScan();
    try {
      return super.validateScope(scope);
    } finally {
      endScan();
    }
  }

  protected checkResource(node: CfnResource): void {
    for (const r of HARDENED_RULES) {
      if (!r.resourceTypes.includes(node.cfnResourceType)) continue;
      this.applyRule({
        ruleSuffixOverride: r.ruleSuffix,
        info: r.info,
        explanation: r.explanation,
        level: NagMessageLevel.ERROR,
        rule: r.rule,
        node,
      });
    }
  }
}
