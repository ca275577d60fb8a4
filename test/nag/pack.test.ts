import * as fs from 'fs';
import * as path from 'path';
import { App, CfnWaitConditionHandle, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { NagRuleCompliance } from 'cdk-nag';
import { HardenedRule, judge, ruleId } from '../../lib/nag/engine/rule';
import { Scan } from '../../lib/nag/engine/scan';
import { HARDENED_RULES, HardenedChecks, controlOfRule } from '../../lib/nag/hardened-checks';
import { flagged, newStack } from './nag-test-helpers';

const RULES_DIR = path.join(__dirname, '../../lib/nag/rules');

/** Every rule file (`rules/<area>/<RuleName>.ts`) with the rules it exports. */
function ruleFiles(): { file: string; rules: HardenedRule[] }[] {
  return fs.readdirSync(RULES_DIR).flatMap((area) =>
    fs
      .readdirSync(path.join(RULES_DIR, area))
      .filter((f) => /^[A-Z]\w*\.ts$/.test(f))
      .map((f) => {
        const exported = Object.values(require(path.join(RULES_DIR, area, f)) as Record<string, unknown>);
        return { file: `${area}/${f}`, rules: exported.filter((x): x is HardenedRule => typeof x === 'object' && x !== null && 'check' in x && 'control' in x) };
      }),
  );
}

describe('the Hardened pack', () => {
  test('pins the list of rule ids', () => {
    expect([...new HardenedChecks().ruleIds].sort()).toEqual([
      'Hardened-APP-1-ServiceBehindHealthCheckedLoadBalancer',
      'Hardened-APP-1-ServiceDeploymentRollsBack',
      'Hardened-APP-1-ServiceRunsInSeveralAzs',
      'Hardened-APP-2-ServiceRecycledOnSchedule',
      'Hardened-APP-3-ContainerSecretsNotInEnvironment',
      'Hardened-APP-3-ContainersRunReadOnlyNonRoot',
      'Hardened-APP-3-ServiceHasNoPublicIp',
      'Hardened-DATA-1-DatabaseEncryptedWithRotatingKey',
      'Hardened-DATA-2-DatabaseBackedUpNightly',
      'Hardened-DATA-2-DatabaseMultiAzAndDeletionProtected',
      'Hardened-DATA-3-DatabaseHasCrossRegionReplica',
      'Hardened-DATA-4-BackupPlanCopiesToOtherRegion',
      'Hardened-DATA-4-BackupVaultLocked',
      'Hardened-DATA-4-DatabaseInBackupPlan',
      'Hardened-DATA-5-StatefulResourceRetained',
      'Hardened-DATA-6-DatabaseCredentialsRotated',
      'Hardened-DATA-6-DatabaseForcesTls',
      'Hardened-DATA-6-DatabaseRotationKeepsRunningTasksConnected',
      'Hardened-DATA-6-DatabaseUsesIamAuth',
      'Hardened-FILE-1-UploadBucketReadableOnlyWhenClean',
      'Hardened-FILE-1-UploadBucketScannedForMalware',
      'Hardened-GOV-1-BucketBlocksPublicAccess',
      'Hardened-GOV-1-BucketEncrypted',
      'Hardened-GOV-1-BucketRequiresTls',
      'Hardened-GOV-1-KmsKeyRotationEnabled',
      'Hardened-LOG-1-FirewallAlertsSearchableInCloudWatch',
      'Hardened-LOG-1-FirewallLogsAlertAndFlow',
      'Hardened-LOG-1-FirewallLogsRetainedThreeYears',
      'Hardened-LOG-1-SecurityLogGroupRetainedThreeYears',
      'Hardened-LOG-2-TrailDeliversToLockedArchive',
      'Hardened-LOG-2-TrailMultiRegionValidatedEncrypted',
      'Hardened-LOG-3-AlbAccessAndConnectionLogsEnabled',
      'Hardened-LOG-3-WebAclLogged',
      'Hardened-LOG-3-WebAclLogsRedactSecrets',
      'Hardened-LOG-4-VpcFlowLogsCaptureAll',
      'Hardened-MON-1-AlarmDetectsWithinFiveMinutes',
      'Hardened-MON-1-AlarmNotifies',
      'Hardened-MON-1-AlarmTopicEncrypted',
      'Hardened-MON-1-AlarmTreatsMissingDataExplicitly',
      'Hardened-MON-1-LivenessAlarmTreatsMissingDataAsBreaching',
      'Hardened-MON-2-AlbAlarmsOnNoHealthyTargets',
      'Hardened-MON-2-CriticalResourceHasAlarm',
      'Hardened-MON-2-DatabaseAlarmsWhenDown',
      'Hardened-MON-2-DatabaseConnectionsProbed',
      'Hardened-MON-2-PublicEndpointAlarmsWhenUnreachable',
      'Hardened-MON-2-PublicEndpointProbedByCanary',
      'Hardened-MON-2-ServiceAlarmsOnTasksShort',
      'Hardened-MON-3-GuardDutyDetectorCoversWorkloads',
      'Hardened-MON-3-GuardDutyFindingsTriggerResponse',
      'Hardened-MON-3-GuardDutyResponseHasDeadLetterQueue',
      'Hardened-MON-4-BlockerScopedToIpSets',
      'Hardened-MON-4-WebAclBlocksResponderIpSet',
      'Hardened-MON-5-AvailabilityDashboardExists',
      'Hardened-MON-5-AvailabilitySloAlarmExists',
      'Hardened-NET-1-FirewallInEveryAz',
      'Hardened-NET-1-FirewallPolicyDropsByDefault',
      'Hardened-NET-1-StatelessRulesNeverPass',
      'Hardened-NET-2-FirewallPolicyDropsIntrusions',
      'Hardened-NET-2-IntrusionDropsPrecedePasses',
      'Hardened-NET-2-StatefulGroupsKeepTheirDrops',
      'Hardened-NET-3-NoRouteBypassesFirewall',
      'Hardened-NET-3-PublicSubnetIngressViaFirewall',
      'Hardened-NET-4-DatabaseIngressOnlyFromSecurityGroups',
      'Hardened-NET-4-DatabaseUnreachableFromInternet',
      'Hardened-NET-5-AdminAllowlistNamesNarrowRanges',
      'Hardened-NET-5-AdminPathsRestrictedToAllowlist',
      'Hardened-NET-6-EgressPassRulesNameDestination',
      'Hardened-NET-6-EgressRestrictedToAllowlist',
      'Hardened-NET-7-FirewallPolicyChangeProtected',
      'Hardened-NET-7-FirewallProtectedFromDeletion',
      'Hardened-WEB-1-AlbProtectedByWebAcl',
      'Hardened-WEB-1-WebAclUsesManagedProtections',
      'Hardened-WEB-2-WebAclRateLimitsClients',
      'Hardened-WEB-3-AlbDropsInvalidHeaders',
      'Hardened-WEB-3-HttpListenerRedirectsToHttps',
      'Hardened-WEB-3-HttpsListenerSendsHsts',
      'Hardened-WEB-3-HttpsListenerUsesTls13Policy',
      'Hardened-WEB-4-MutualTlsVerifiesClients',
      'Hardened-WEB-5-SignInSessionTimesOut',
      'Hardened-WEB-5-UserPoolRequiresStrongPasswordAndMfa',
      'Hardened-WEB-6-SiteAllowlistWellFormed',
    ]);
  });

  test('lists every rule file once: one rule per file, named for the file, with words for the report', () => {
    const files = ruleFiles();
    for (const { file, rules } of files) {
      expect([file, rules.map((r) => r.name)]).toEqual([file, [path.basename(file, '.ts')]]);
    }
    expect(new Set(HARDENED_RULES)).toEqual(new Set(files.flatMap((f) => f.rules)));
    expect(HARDENED_RULES.length).toBe(files.length);
    for (const r of HARDENED_RULES) {
      expect([r.name, r.info.startsWith(`${r.control}:`)]).toEqual([r.name, true]);
      expect(r.explanation.length).toBeGreaterThan(20);
      expect(r.resourceTypes.length).toBeGreaterThan(0);
    }
    expect(new Set(HARDENED_RULES.map(ruleId)).size).toBe(HARDENED_RULES.length);
  });

  test('is named Hardened', () => {
    const pack = new HardenedChecks();
    expect(pack.name).toBe('Hardened');
    expect(pack.readPackName).toBe('Hardened');
  });

  test('every rule is not applicable to a resource type it does not examine (the engine filters, not the check)', () => {
    const handle = new CfnWaitConditionHandle(newStack(), 'Handle');
    const scan = new Scan(handle);
    for (const r of HARDENED_RULES) expect([r.name, judge(r, scan, handle)]).toEqual([r.name, NagRuleCompliance.NOT_APPLICABLE]);
  });

  test('maps findings back to their control', () => {
    expect(controlOfRule('Hardened-NET-1-FirewallPolicyDropsByDefault')).toBe('NET-1');
    expect(controlOfRule('Hardened-DATA-5-StatefulResourceRetained[finding]')).toBe('DATA-5');
    expect(controlOfRule('MON-1-AlarmNotifies')).toBe('MON-1');
    expect(controlOfRule('AwsSolutions-S1')).toBeUndefined();
    expect(controlOfRule('NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW')).toBeUndefined();
  });

  test('honours a narrow acknowledgement', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    expect(flagged(stack, 'Hardened-GOV-1-KmsKeyRotationEnabled')).toContain('T/Key/Resource');
    Validations.of(key).acknowledge({ id: 'Hardened-GOV-1-KmsKeyRotationEnabled', reason: 'test: rotation handled elsewhere' });
    expect(flagged(stack, 'Hardened-GOV-1-KmsKeyRotationEnabled')).not.toContain('T/Key/Resource');
  });

  test('fails synthesis when registered on an app', () => {
    // The built-in CloudFormation schema validation alone takes ~15 s; it is not what is tested here.
    const app = new App({ builtinCloudFormationValidation: false });
    new kms.Key(new Stack(app, 'Keys'), 'Key');
    Validations.of(app).addPlugins(new HardenedChecks(app));
    expect(() => app.synth()).toThrow(/Hardened-GOV-1-KmsKeyRotationEnabled/);
  });
});
