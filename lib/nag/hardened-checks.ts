/**
 * The project's own cdk-nag pack, "Hardened": one rule per control requirement of the catalog
 * (`lib/controls/catalog.ts`) that the standard packs do not check. The pack only chooses rules;
 * each rule file (`rules/<area>/<RuleName>.ts`) carries its control, resource types, words and
 * check, and the engine (`engine/`) runs them.
 *
 * Rule ids are `Hardened-<CONTROL>-<RuleName>`; `HARDENED_RULES` is the list the compliance
 * report and the rule catalog read, `controlOfRule` maps a finding back to its control.
 */
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ControlId, isControlId } from '../controls/catalog';
import { HARDENED_PACK_NAME, HardenedRule, appliesTo, ruleId, ruleSuffix } from './engine/rule';
import { Scan } from './engine/scan';
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
import { DatabaseRotationKeepsRunningTasksConnected } from './rules/data/DatabaseRotationKeepsRunningTasksConnected';
import { DatabaseUsesIamAuth } from './rules/data/DatabaseUsesIamAuth';
import { StatefulResourceRetained } from './rules/data/StatefulResourceRetained';
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
import { AlbAlarmsOnNoHealthyTargets } from './rules/mon/AlbAlarmsOnNoHealthyTargets';
import { AvailabilityDashboardExists } from './rules/mon/AvailabilityDashboardExists';
import { AvailabilitySloAlarmExists } from './rules/mon/AvailabilitySloAlarmExists';
import { BlockerScopedToIpSets } from './rules/mon/BlockerScopedToIpSets';
import { CriticalResourceHasAlarm } from './rules/mon/CriticalResourceHasAlarm';
import { DatabaseAlarmsWhenDown } from './rules/mon/DatabaseAlarmsWhenDown';
import { DatabaseConnectionsProbed } from './rules/mon/DatabaseConnectionsProbed';
import { GuardDutyDetectorCoversWorkloads } from './rules/mon/GuardDutyDetectorCoversWorkloads';
import { GuardDutyFindingsTriggerResponse } from './rules/mon/GuardDutyFindingsTriggerResponse';
import { GuardDutyResponseHasDeadLetterQueue } from './rules/mon/GuardDutyResponseHasDeadLetterQueue';
import { LivenessAlarmTreatsMissingDataAsBreaching } from './rules/mon/LivenessAlarmTreatsMissingDataAsBreaching';
import { PublicEndpointAlarmsWhenUnreachable } from './rules/mon/PublicEndpointAlarmsWhenUnreachable';
import { PublicEndpointProbedByCanary } from './rules/mon/PublicEndpointProbedByCanary';
import { ServiceAlarmsOnTasksShort } from './rules/mon/ServiceAlarmsOnTasksShort';
import { WebAclBlocksResponderIpSet } from './rules/mon/WebAclBlocksResponderIpSet';
import { AdminAllowlistNamesNarrowRanges } from './rules/net/AdminAllowlistNamesNarrowRanges';
import { AdminPathsRestrictedToAllowlist } from './rules/net/AdminPathsRestrictedToAllowlist';
import { DatabaseIngressOnlyFromSecurityGroups } from './rules/net/DatabaseIngressOnlyFromSecurityGroups';
import { DatabaseUnreachableFromInternet } from './rules/net/DatabaseUnreachableFromInternet';
import { EgressPassRulesNameDestination } from './rules/net/EgressPassRulesNameDestination';
import { EgressRestrictedToAllowlist } from './rules/net/EgressRestrictedToAllowlist';
import { FirewallInEveryAz } from './rules/net/FirewallInEveryAz';
import { FirewallPolicyChangeProtected } from './rules/net/FirewallPolicyChangeProtected';
import { FirewallPolicyDropsByDefault } from './rules/net/FirewallPolicyDropsByDefault';
import { FirewallPolicyDropsIntrusions } from './rules/net/FirewallPolicyDropsIntrusions';
import { FirewallProtectedFromDeletion } from './rules/net/FirewallProtectedFromDeletion';
import { IntrusionDropsPrecedePasses } from './rules/net/IntrusionDropsPrecedePasses';
import { NoRouteBypassesFirewall } from './rules/net/NoRouteBypassesFirewall';
import { PublicSubnetIngressViaFirewall } from './rules/net/PublicSubnetIngressViaFirewall';
import { StatefulGroupsKeepTheirDrops } from './rules/net/StatefulGroupsKeepTheirDrops';
import { StatelessRulesNeverPass } from './rules/net/StatelessRulesNeverPass';
import { AlbDropsInvalidHeaders } from './rules/web/AlbDropsInvalidHeaders';
import { AlbProtectedByWebAcl } from './rules/web/AlbProtectedByWebAcl';
import { HttpListenerRedirectsToHttps } from './rules/web/HttpListenerRedirectsToHttps';
import { HttpsListenerSendsHsts } from './rules/web/HttpsListenerSendsHsts';
import { HttpsListenerUsesTls13Policy } from './rules/web/HttpsListenerUsesTls13Policy';
import { MutualTlsVerifiesClients } from './rules/web/MutualTlsVerifiesClients';
import { SignInSessionTimesOut } from './rules/web/SignInSessionTimesOut';
import { SiteAllowlistWellFormed } from './rules/web/SiteAllowlistWellFormed';
import { UserPoolRequiresStrongPasswordAndMfa } from './rules/web/UserPoolRequiresStrongPasswordAndMfa';
import { WebAclRateLimitsClients } from './rules/web/WebAclRateLimitsClients';
import { WebAclUsesManagedProtections } from './rules/web/WebAclUsesManagedProtections';

/** Every rule of the pack, grouped by control in catalog order. */
export const HARDENED_RULES: readonly HardenedRule[] = [
  // Perimeter
  FirewallPolicyDropsByDefault,
  StatelessRulesNeverPass,
  FirewallInEveryAz,
  FirewallPolicyDropsIntrusions,
  StatefulGroupsKeepTheirDrops,
  IntrusionDropsPrecedePasses,
  NoRouteBypassesFirewall,
  PublicSubnetIngressViaFirewall,
  DatabaseUnreachableFromInternet,
  DatabaseIngressOnlyFromSecurityGroups,
  AdminPathsRestrictedToAllowlist,
  AdminAllowlistNamesNarrowRanges,
  EgressRestrictedToAllowlist,
  EgressPassRulesNameDestination,
  FirewallProtectedFromDeletion,
  FirewallPolicyChangeProtected,
  // Logs and audit
  FirewallLogsAlertAndFlow,
  FirewallLogsRetainedThreeYears,
  FirewallAlertsSearchableInCloudWatch,
  SecurityLogGroupRetainedThreeYears,
  TrailMultiRegionValidatedEncrypted,
  TrailDeliversToLockedArchive,
  WebAclLogged,
  WebAclLogsRedactSecrets,
  AlbAccessAndConnectionLogsEnabled,
  VpcFlowLogsCaptureAll,
  // Edge
  WebAclUsesManagedProtections,
  AlbProtectedByWebAcl,
  WebAclRateLimitsClients,
  HttpsListenerUsesTls13Policy,
  HttpListenerRedirectsToHttps,
  AlbDropsInvalidHeaders,
  HttpsListenerSendsHsts,
  MutualTlsVerifiesClients,
  UserPoolRequiresStrongPasswordAndMfa,
  SignInSessionTimesOut,
  SiteAllowlistWellFormed,
  // Compute
  ServiceRunsInSeveralAzs,
  ServiceDeploymentRollsBack,
  ServiceBehindHealthCheckedLoadBalancer,
  ServiceRecycledOnSchedule,
  ContainersRunReadOnlyNonRoot,
  ContainerSecretsNotInEnvironment,
  ServiceHasNoPublicIp,
  // Data
  DatabaseEncryptedWithRotatingKey,
  DatabaseBackedUpNightly,
  DatabaseMultiAzAndDeletionProtected,
  DatabaseHasCrossRegionReplica,
  BackupPlanCopiesToOtherRegion,
  BackupVaultLocked,
  DatabaseInBackupPlan,
  StatefulResourceRetained,
  DatabaseForcesTls,
  DatabaseUsesIamAuth,
  DatabaseCredentialsRotated,
  DatabaseRotationKeepsRunningTasksConnected,
  // Detection and response
  AlarmDetectsWithinFiveMinutes,
  AlarmNotifies,
  AlarmTreatsMissingDataExplicitly,
  LivenessAlarmTreatsMissingDataAsBreaching,
  AlarmTopicEncrypted,
  CriticalResourceHasAlarm,
  AlbAlarmsOnNoHealthyTargets,
  ServiceAlarmsOnTasksShort,
  DatabaseAlarmsWhenDown,
  DatabaseConnectionsProbed,
  PublicEndpointAlarmsWhenUnreachable,
  PublicEndpointProbedByCanary,
  GuardDutyFindingsTriggerResponse,
  GuardDutyResponseHasDeadLetterQueue,
  GuardDutyDetectorCoversWorkloads,
  BlockerScopedToIpSets,
  WebAclBlocksResponderIpSet,
  AvailabilitySloAlarmExists,
  AvailabilityDashboardExists,
  // Received files
  UploadBucketScannedForMalware,
  UploadBucketReadableOnlyWhenClean,
  // Governance
  BucketEncrypted,
  BucketBlocksPublicAccess,
  BucketRequiresTls,
  KmsKeyRotationEnabled,
];

const BY_SUFFIX: ReadonlyMap<string, HardenedRule> = new Map(HARDENED_RULES.map((r) => [ruleSuffix(r), r]));

/**
 * The control a Hardened finding belongs to. Accepts a full rule id
 * (`Hardened-NET-1-FirewallPolicyDropsByDefault`), one with a finding suffix (`…[finding]`), or
 * a bare suffix (`NET-1-FirewallPolicyDropsByDefault`). Undefined for other packs' ids.
 */
export function controlOfRule(id: string): ControlId | undefined {
  const withoutFinding = id.replace(/\[.*\]$/, '');
  const suffix = withoutFinding.startsWith(`${HARDENED_PACK_NAME}-`) ? withoutFinding.slice(HARDENED_PACK_NAME.length + 1) : withoutFinding;
  const known = BY_SUFFIX.get(suffix);
  if (known) return known.control;
  const m = /^([A-Z]+-\d+)-/.exec(suffix);
  return m && isControlId(m[1]) && withoutFinding !== suffix ? m[1] : undefined;
}

/**
 * The Hardened pack. Register on the app with `registerRulePacks` (register.ts); in tests use
 * `new HardenedChecks().validateScope(stackOrApp).violations`.
 */
export class HardenedChecks extends NagPack {
  public readonly name = HARDENED_PACK_NAME;
  public readonly ruleIds = HARDENED_RULES.map(ruleId);
  /** The scan of the validation under way: one per `validateScope`, dropped when it returns. */
  private scan?: Scan;

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = HARDENED_PACK_NAME;
  }

  /** Validates with one scan of the app (walk, views, references) shared by every rule. */
  public validateScope(scope: IConstruct) {
    this.scan = new Scan(scope);
    try {
      return super.validateScope(scope);
    } finally {
      this.scan = undefined;
    }
  }

  protected checkResource(node: CfnResource): void {
    // cdk-nag calls this only from validateScope; the fallback keeps a direct call correct.
    const scan = this.scan ?? new Scan(node);
    for (const r of HARDENED_RULES) {
      if (!appliesTo(r, node)) continue;
      this.applyRule({
        ruleSuffixOverride: ruleSuffix(r),
        info: r.info,
        explanation: r.explanation,
        level: NagMessageLevel.ERROR,
        rule: (n) => r.check(scan, n),
        node,
      });
    }
  }
}
