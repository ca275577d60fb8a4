/**
 * MON, FILE and GOV. Alarms are found by what they watch (namespace, metric, statistic), never by
 * construct id, so the mutations survive a rewrite of the monitoring constructs.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { CfnResource } from 'aws-cdk-lib';
import { DEFAULT_METRICS_NAMESPACE as PROBE_NAMESPACE, METRIC as PROBE_METRIC } from '../../../lambda/shared/contracts/database-probe';
import { HardenedStacks } from '../../hardened-app';
import { Scan } from '../../nag/engine/scan';
import { renderedProps as props } from '../../nag/engine/template-view';
import { isObject, list, parseJsonValue, stringList } from '../../nag/engine/values';
import { Mutation, alarmMetrics, alarmsOnMetric, l1, remove, removeAll, resourcesOf, theOne } from '../mutation';
import { deleteProperty, override, wafRuleRemoved, wafRuleToCount } from './edit';

const everywhere = (s: HardenedStacks) => s.monitoring.node.root;
const findingRule = (s: HardenedStacks) => l1(s.threat.blocker.rule);
const detector = (s: HardenedStacks) => {
  if (!s.threat.blocker.detector) throw new Error('the configuration creates no GuardDuty detector');
  return s.threat.blocker.detector;
};
const featureIndex = (s: HardenedStacks, name: string) => {
  const i = list(props(detector(s)).Features).findIndex((f) => f.Name === name);
  if (i < 0) throw new Error(`the detector has no ${name} feature`);
  return i;
};
const setAll = (alarms: CfnResource[], path: string, value: unknown) => alarms.map((a) => override(a, path, value));
/** The alarms that say the database is down: RDS metrics counted by SampleCount (they stop when the instance stops). */
const databaseDownAlarms = (s: HardenedStacks) =>
  resourcesOf(everywhere(s), 'AWS::CloudWatch::Alarm', (a) => alarmMetrics(a).some((m) => m.namespace === 'AWS/RDS' && m.stat === 'SampleCount'));
/** EventBridge rules on RDS instance events (a database-down signal other than a metric). */
const rdsEventRules = (s: HardenedStacks) =>
  resourcesOf(everywhere(s), 'AWS::Events::Rule', (r) => {
    const pattern = parseJsonValue(props(r).EventPattern);
    return isObject(pattern) && stringList(pattern.source).includes('aws.rds');
  });
const uploadPolicy = (s: HardenedStacks) => theOne(s.files.uploads, 'AWS::S3::BucketPolicy', 'the upload bucket policy');
const cleanReadDenyIndex = (s: HardenedStacks) => {
  const i = list(props(uploadPolicy(s)).PolicyDocument?.Statement).findIndex(
    (st) => st.Effect === 'Deny' && isObject(st.Condition?.StringNotEquals) && 's3:ExistingObjectTag/GuardDutyMalwareScanStatus' in st.Condition.StringNotEquals,
  );
  if (i < 0) throw new Error('no deny-unless-clean statement in the upload bucket policy');
  return i;
};

export const MON_MUTATIONS: Mutation[] = [
  // MON-1: detection within 5 minutes, notified
  {
    id: 'no-healthy-targets-missing-data-ok',
    control: 'MON-1',
    change: 'Healthy-host alarms set to treat missing data as not breaching "to stop INSUFFICIENT_DATA noise": a load balancer that stops reporting never pages.',
    apply: (s) => setAll(alarmsOnMetric(everywhere(s), 'AWS/ApplicationELB', 'HealthyHostCount'), 'TreatMissingData', 'notBreaching'),
  },
  {
    id: 'firewall-silent-missing-data-ok',
    control: 'MON-1',
    change: 'The firewall liveness alarm set to notBreaching: a dead firewall (no packets, no metrics) would never page.',
    apply: (s) => setAll(alarmsOnMetric(everywhere(s), 'AWS/NetworkFirewall', 'ReceivedPackets'), 'TreatMissingData', 'notBreaching'),
  },
  {
    id: 'endpoint-probe-missing-data-ignored',
    control: 'MON-1',
    change: 'The canary alarm set to ignore missing data: a canary that stops running looks healthy.',
    apply: (s) => setAll(alarmsOnMetric(everywhere(s), 'CloudWatchSynthetics', 'SuccessPercent'), 'TreatMissingData', 'ignore'),
  },
  {
    id: 'alarm-actions-disabled',
    control: 'MON-1',
    change: 'ActionsEnabled false on the load balancer 5xx alarm during a noisy release, never turned back on.',
    apply: (s) => setAll(alarmsOnMetric(everywhere(s), 'AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count').slice(0, 1), 'ActionsEnabled', false),
  },
  {
    id: 'alarm-topic-unencrypted',
    control: 'MON-1',
    change: 'The alarm topic KMS key removed after a key-policy error in a new account.',
    apply: (s) => deleteProperty(l1(s.alerting.topic), 'KmsMasterKeyId'),
  },
  {
    id: 'alarm-missing-data-unset',
    control: 'MON-1',
    change: 'TreatMissingData removed from the database CPU alarm, as in the CloudWatch sample.',
    apply: (s) => alarmsOnMetric(everywhere(s), 'AWS/RDS', 'CPUUtilization').map((a) => deleteProperty(a, 'TreatMissingData')),
  },
  {
    id: 'alarm-fifteen-minutes',
    control: 'MON-1',
    change: 'The endpoint alarm changed to 5-minute periods × 3 (the cdk-monitoring-constructs default): 15 minutes to detect.',
    apply: (s) =>
      alarmsOnMetric(everywhere(s), 'CloudWatchSynthetics', 'SuccessPercent').map((a) => {
        // A single-metric alarm has its period on the alarm; a metric-math one on each metric.
        if (props(a).Period !== undefined) override(a, 'Period', 300);
        list(props(a).Metrics).forEach((m, i) => {
          if (isObject(m) && isObject(m.MetricStat)) override(a, `Metrics.${i}.MetricStat.Period`, 300);
        });
        override(a, 'EvaluationPeriods', 3);
        return override(a, 'DatapointsToAlarm', 3);
      }),
  },
  {
    id: 'database-probe-alarm-two-of-two',
    control: 'MON-1',
    change: 'The database probe alarm set to 2 of 2 minutes "so that one failed probe never pages": a database nobody can connect to is told after 240 s, past the 180 s of a critical alarm.',
    apply: (s) =>
      alarmsOnMetric(everywhere(s), PROBE_NAMESPACE, PROBE_METRIC.reachable).map((a) => {
        override(a, 'EvaluationPeriods', 2);
        return override(a, 'DatapointsToAlarm', 2);
      }),
  },
  // MON-2: every critical failure mode watched
  {
    id: 'no-healthy-targets-alarm-removed',
    control: 'MON-2',
    change: 'The healthy-host alarms deleted as duplicates of the 5xx alarms ("a dead target returns 502 anyway").',
    apply: (s) => removeAll(alarmsOnMetric(everywhere(s), 'AWS/ApplicationELB', 'HealthyHostCount')),
    findingOn: { target: (s) => l1(s.edge.loadBalancer), why: 'the load balancer is what loses its no-healthy-target alarm' },
  },
  {
    id: 'tasks-short-alarm-removed',
    control: 'MON-2',
    change: 'The running-task alarm deleted when Container Insights was switched off to save money.',
    apply: (s) => removeAll(alarmsOnMetric(everywhere(s), 'ECS/ContainerInsights', 'RunningTaskCount')),
    findingOn: { target: (s) => l1(s.app.service), why: 'the service is what loses its tasks-short alarm' },
  },
  {
    id: 'database-down-alarm-removed',
    control: 'MON-2',
    change: 'The database-down alarm (and any RDS event rule) deleted because "Multi-AZ fails over by itself".',
    apply: (s) => {
      // Whichever signal the monitoring uses (a heartbeat alarm, RDS instance events, or both): all of it goes.
      const signals = [...databaseDownAlarms(s), ...rdsEventRules(s)];
      if (signals.length === 0) throw new Error('no database-down signal (AWS/RDS SampleCount alarm or aws.rds event rule) in the app');
      return removeAll(signals);
    },
    findingOn: { target: (s) => l1(s.data.database), why: 'the database is what loses its down alarm' },
  },
  {
    id: 'database-probe-alarm-removed',
    control: 'MON-2',
    change: 'The database probe alarm deleted as a duplicate of the RDS heartbeat ("the database-down alarm covers it"): a database that refuses every session, with its metrics flowing, pages nobody.',
    apply: (s) => removeAll(alarmsOnMetric(everywhere(s), PROBE_NAMESPACE, PROBE_METRIC.reachable)),
    findingOn: { target: (s) => l1(s.data.database), why: 'the database is what loses its connection probe alarm' },
  },
  {
    id: 'endpoint-unreachable-alarm-removed',
    control: 'MON-2',
    change: 'The canary alarm deleted; the canary keeps running and nobody looks at it.',
    apply: (s) => removeAll(alarmsOnMetric(everywhere(s), 'CloudWatchSynthetics', 'SuccessPercent')),
    findingOn: { target: (s) => l1(s.edge.loadBalancer), why: 'the public endpoint (the load balancer) is what nobody is paged for' },
  },
  {
    id: 'canary-removed',
    control: 'MON-2',
    change: 'The Synthetics canary removed to save its per-run cost.',
    apply: (s) => remove(s.monitoring.canary),
    findingOn: { target: (s) => l1(s.edge.loadBalancer), why: 'the public endpoint is what is no longer probed' },
  },
  {
    id: 'waf-alarms-removed',
    control: 'MON-2',
    change: 'The WAF alarms deleted as "informational".',
    apply: (s) => removeAll(resourcesOf(everywhere(s), 'AWS::CloudWatch::Alarm', (a) => alarmMetrics(a).some((m) => m.namespace === 'AWS/WAFV2'))),
    findingOn: { target: (s) => s.edge.webAcl, why: 'the web ACL is what is left unwatched' },
  },
  // MON-3: detection and response
  {
    id: 'findings-rule-disabled',
    control: 'MON-3',
    change: 'The GuardDuty findings rule disabled after the blocker blocked a partner.',
    apply: (s) => override(findingRule(s), 'State', 'DISABLED'),
    findingOn: { target: (s) => s.edge.webAcl, why: 'the rule is judged on the web ACL the response feeds' },
  },
  {
    id: 'findings-rule-dlq-removed',
    control: 'MON-3',
    change: 'The dead-letter queue removed from the findings rule target.',
    apply: (s) => deleteProperty(findingRule(s), 'Targets.0.DeadLetterConfig'),
  },
  {
    id: 'detector-disabled',
    control: 'MON-3',
    change: 'The GuardDuty detector disabled (Enable false) during a cost review.',
    apply: (s) => override(detector(s), 'Enable', false),
  },
  {
    id: 'runtime-monitoring-off',
    control: 'MON-3',
    change: 'Runtime monitoring disabled because the agent sidecar slowed task start-up.',
    apply: (s) => override(detector(s), `Features.${featureIndex(s, 'RUNTIME_MONITORING')}.Status`, 'DISABLED'),
  },
  {
    id: 'fargate-agent-management-off',
    control: 'MON-3',
    change: 'ECS Fargate agent management turned off: runtime monitoring is on but no Fargate task gets the agent.',
    apply: (s) => override(detector(s), `Features.${featureIndex(s, 'RUNTIME_MONITORING')}.AdditionalConfiguration`, [{ Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'DISABLED' }]),
  },
  {
    id: 'rds-login-events-off',
    control: 'MON-3',
    change: 'RDS login-event monitoring disabled although the stack runs PostgreSQL.',
    apply: (s) => override(detector(s), `Features.${featureIndex(s, 'RDS_LOGIN_EVENTS')}.Status`, 'DISABLED'),
  },
  // MON-4: automated blocking
  {
    id: 'blocker-any-ip-set',
    control: 'MON-4',
    change: 'A wafv2:UpdateIPSet on "*" grant added to the blocker "to handle a new IP set later".',
    apply: (s) => {
      // The blocker's role takes no policy updates (withoutPolicyUpdates): the hurried change attaches a policy of its own.
      const fn = l1(s.threat.blocker.blockerFunction);
      const [role] = new Scan(fn).refTargetsOfType(fn, props(fn).Role, 'AWS::IAM::Role');
      if (!role) throw new Error('the blocker function has no role of the app');
      return new iam.CfnManagedPolicy(s.threat.blocker, 'WafAnyIpSet', {
        roles: [role.ref],
        policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['wafv2:GetIPSet', 'wafv2:UpdateIPSet'], Resource: '*' }] },
      });
    },
    findingOn: { target: (s) => l1(s.threat.blocker.blockerFunction), why: 'the rule judges the blocker function through its role' },
  },
  {
    id: 'blocklist-v4-rule-removed',
    control: 'MON-4',
    change: 'The IPv4 block-list rule removed from the web ACL while reordering rules.',
    apply: (s) => {
      wafRuleRemoved(s.edge.webAcl, /BlockListIpv4/);
      return wafRuleRemoved(s.edge.webAcl, /BlockListIpv6/);
    },
  },
  {
    id: 'blocklist-rules-count',
    control: 'MON-4',
    change: 'Both block-list rules set to Count "to see what the blocker would block".',
    apply: (s) => {
      wafRuleToCount(s.edge.webAcl, /BlockListIpv4/);
      return wafRuleToCount(s.edge.webAcl, /BlockListIpv6/);
    },
  },
  // MON-5: availability measurable
  {
    id: 'slo-alarm-removed',
    control: 'MON-5',
    change: 'The availability (SLO) alarm removed as redundant with the 5xx alarms.',
    apply: (s) => removeAll(alarmsOnMetric(everywhere(s), 'AWS/ApplicationELB', 'RequestCount', (a) => list(props(a).Metrics).some((m) => isObject(m) && m.Expression))),
    findingOn: { target: (s) => l1(s.edge.loadBalancer), why: 'the load balancer is what is no longer measured against the target' },
  },
  {
    id: 'dashboard-removed',
    control: 'MON-5',
    change: 'The service dashboard deleted; "we have the console".',
    apply: (s) => remove(s.monitoring.dashboard),
    findingOn: { target: (s) => l1(s.edge.loadBalancer), why: 'the load balancer is what is no longer charted' },
  },
  {
    id: 'slo-alarm-plain-count',
    control: 'MON-5',
    change: 'The SLO alarm simplified to "more than 10 load-balancer 5xx per minute", which measures no ratio.',
    apply: (s) =>
      alarmsOnMetric(everywhere(s), 'AWS/ApplicationELB', 'RequestCount', (a) => list(props(a).Metrics).some((m) => isObject(m) && m.Expression)).map((a) => {
        deleteProperty(a, 'Metrics');
        override(a, 'Namespace', 'AWS/ApplicationELB');
        override(a, 'MetricName', 'HTTPCode_ELB_5XX_Count');
        override(a, 'Dimensions', [{ Name: 'LoadBalancer', Value: s.edge.loadBalancer.loadBalancerFullName }]);
        override(a, 'Statistic', 'Sum');
        override(a, 'Period', 60);
        override(a, 'ComparisonOperator', 'GreaterThanThreshold');
        return override(a, 'Threshold', 10);
      }),
    findingOn: { target: (s) => l1(s.edge.loadBalancer), why: 'the load balancer is what is no longer measured against the target' },
  },
];

export const FILE_MUTATIONS: Mutation[] = [
  {
    id: 'malware-plan-removed',
    control: 'FILE-1',
    change: 'The GuardDuty Malware Protection plan deleted to cut per-GB scan costs.',
    apply: (s) => remove(s.files.malwareScan.plan),
    findingOn: { target: (s) => l1(s.files.uploads.bucket), why: 'the upload bucket is what is no longer scanned' },
  },
  {
    id: 'malware-tagging-off',
    control: 'FILE-1',
    change: 'Scan-result tagging disabled on the plan: the read policy then never sees a clean tag.',
    apply: (s) => override(s.files.malwareScan.plan, 'Actions.Tagging.Status', 'DISABLED'),
    findingOn: { target: (s) => l1(s.files.uploads.bucket), why: 'the rule judges the upload bucket through its plan' },
  },
  {
    id: 'malware-plan-other-bucket',
    control: 'FILE-1',
    change: 'The plan pointed at the quarantine bucket after a copy-paste.',
    apply: (s) => override(s.files.malwareScan.plan, 'ProtectedResource.S3Bucket.BucketName', s.files.quarantine.bucket.bucketName),
    findingOn: { target: (s) => l1(s.files.uploads.bucket), why: 'the upload bucket is what is no longer scanned' },
  },
  {
    id: 'unscannable-files-readable',
    control: 'FILE-1',
    change: 'UNSUPPORTED added to the readable scan statuses so customers can open encrypted archives.',
    apply: (s) =>
      override(uploadPolicy(s), `PolicyDocument.Statement.${cleanReadDenyIndex(s)}.Condition.StringNotEquals.s3:ExistingObjectTag/GuardDutyMalwareScanStatus`, [
        'NO_THREATS_FOUND',
        'UNSUPPORTED',
      ]),
    findingOn: { target: (s) => l1(s.files.uploads.bucket), why: 'the rule judges the upload bucket through its policy' },
  },
  {
    id: 'clean-read-deny-narrowed',
    control: 'FILE-1',
    change: 'The deny-unless-clean statement narrowed to s3:GetObjectVersion while fixing a presigned-URL bug.',
    apply: (s) => override(uploadPolicy(s), `PolicyDocument.Statement.${cleanReadDenyIndex(s)}.Action`, 's3:GetObjectVersion'),
    findingOn: { target: (s) => l1(s.files.uploads.bucket), why: 'the rule judges the upload bucket through its policy' },
  },
];

export const GOV_MUTATIONS: Mutation[] = [
  // GOV-1
  {
    id: 'upload-bucket-encryption-removed',
    control: 'GOV-1',
    change: 'BucketEncryption removed from the upload bucket to let a partner tool upload without KMS permissions.',
    apply: (s) => deleteProperty(l1(s.files.uploads.bucket), 'BucketEncryption'),
  },
  {
    id: 'access-logs-public-policy-allowed',
    control: 'GOV-1',
    change: 'BlockPublicPolicy false on the access-log bucket to share logs with a vendor.',
    apply: (s) => override(l1(s.audit.accessLogs.bucket), 'PublicAccessBlockConfiguration.BlockPublicPolicy', false),
  },
  {
    id: 'quarantine-bucket-policy-replaced',
    control: 'GOV-1',
    change: 'The quarantine bucket policy replaced by a one-statement policy copied from the S3 docs, without the TLS-only deny.',
    apply: (s) => {
      const policy = theOne(s.files.quarantine, 'AWS::S3::BucketPolicy', 'the quarantine bucket policy');
      return override(policy, 'PolicyDocument', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: s.files.securityReader.role.roleArn }, Action: 's3:GetObject', Resource: `${s.files.quarantine.bucket.bucketArn}/*` }],
      });
    },
    findingOn: { target: (s) => l1(s.files.quarantine.bucket), why: 'the bucket is what accepts plain-HTTP requests' },
  },
  {
    id: 'waf-log-key-not-rotating',
    control: 'GOV-1',
    change: 'EnableKeyRotation false on the WAF log key.',
    apply: (s) => override(theOne(s.edge, 'AWS::KMS::Key', 'the WAF log key'), 'EnableKeyRotation', false),
  },
  // GOV-2: the standard packs' own checks
  {
    id: 'ssh-from-anywhere',
    control: 'GOV-2',
    change: 'SSH from 0.0.0.0/0 added to the app security group for an emergency shell.',
    apply: (s) => {
      s.network.securityGroups.app.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'emergency shell');
      return s.network.securityGroups.app;
    },
  },
  {
    id: 'database-logs-not-exported',
    control: 'GOV-2',
    change: 'PostgreSQL log exports removed from the database to cut CloudWatch costs.',
    // On the L1 property: the standard packs read L1 properties, not raw overrides.
    apply: (s) => {
      const instance = l1(s.data.database) as rds.CfnDBInstance;
      instance.enableCloudwatchLogsExports = undefined;
      return instance;
    },
  },
  {
    id: 'task-role-wildcard',
    control: 'GOV-2',
    change: 's3:* on * granted to the task role while a bucket name was unknown.',
    apply: (s) => {
      s.app.taskDefinition.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
      return s.app.taskDefinition.taskRole;
    },
  },
];
