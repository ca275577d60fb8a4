import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { alarmTable } from '../../lib/reporting/alarm-table';
import { AlertingStack } from '../../lib/stacks/alerting-stack';
import { ACCOUNT, DR_REGION, FIREWALL_NAME, MonitoringFixture, PUBLIC_URL, WEB_ACL_NAME, buildMonitoringFixture } from './fixture';

// MON-1, MON-2, MON-5, RES-1, asserted on the synthesized templates of one app built once.
let fixture: MonitoringFixture;
let tpl: any;
let drTpl: any;
let alertTpl: any;
let alertTemplate: Template;
let drTemplate: Template;

beforeAll(() => {
  fixture = buildMonitoringFixture();
  const assembly = fixture.app.synth();
  tpl = assembly.getStackByName(fixture.monitoring.stackName).template;
  drTpl = assembly.getStackByName(fixture.dr.stackName).template;
  alertTpl = assembly.getStackByName(fixture.alerting.stackName).template;
  alertTemplate = Template.fromJSON(alertTpl, { skipCyclicalDependenciesCheck: true });
  drTemplate = Template.fromJSON(drTpl, { skipCyclicalDependenciesCheck: true });
}, 180_000);

function resources(t: any, type: string): Array<[string, any]> {
  return Object.entries<any>(t.Resources).filter(([, r]) => r.Type === type);
}

/**
 * Whether `value`, in the Monitoring template, is the Alerting stack's resource `id` (its `Ref`, or
 * `attribute`): through the output CDK publishes for a cross-stack reference, or its export.
 */
function fromAlerting(value: any, id: string, attribute?: string): boolean {
  const wanted = JSON.stringify(attribute ? { 'Fn::GetAtt': [id, attribute] } : { Ref: id });
  const outputs: Record<string, any> = alertTpl.Outputs ?? {};
  const stackOutput = value?.['Fn::GetStackOutput'];
  if (stackOutput) return stackOutput.StackName === fixture.alerting.stackName && JSON.stringify(outputs[stackOutput.OutputName]?.Value) === wanted;
  const imported = value?.['Fn::ImportValue'];
  return Object.values(outputs).some((o) => o.Export?.Name === imported && JSON.stringify(o.Value) === wanted);
}

/** The logical id of the Alerting stack's topic (and the DR stack's, in `t`). */
function topicIdOf(t: any): string {
  return resources(t, 'AWS::SNS::Topic')[0][0];
}

function logicalId(c: IConstruct): string {
  return Stack.of(c).getLogicalId(c.node.defaultChild as any);
}

/** The alarm with name `<prefix>-<suffix>`. */
function alarmNamed(t: any, suffix: string): [string, any] {
  const found = resources(t, 'AWS::CloudWatch::Alarm').find(([, r]) => r.Properties.AlarmName === `hardened-${suffix}`);
  if (!found) throw new Error(`no alarm hardened-${suffix}`);
  return found;
}

/** The honest bound of an alarm of `t` (the alarm table's row). */
function boundFromTemplate(t: any, id: string): number {
  const row = alarmTable(t, [t, alertTpl]).find((r) => r.logicalId === id);
  expect(typeof row?.detectionBoundSeconds).toBe('number');
  return row!.detectionBoundSeconds!;
}

function metricStats(p: any): any[] {
  return (p.Metrics ?? []).filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat);
}

function dimensionsOf(stat: any): Record<string, unknown> {
  return Object.fromEntries((stat.Metric.Dimensions ?? []).map((d: any) => [d.Name, d.Value]));
}

describe('detection bound (MON-1)', () => {
  test('honest bounds: every failure alarm within 300 s, every critical one within 180 s, trend alarms named', () => {
    for (const t of [tpl, drTpl]) {
      for (const row of alarmTable(t)) {
        const limit = row.detectionClass === 'critical' ? 180 : row.detectionClass === 'failure' ? 300 : Infinity;
        expect({ name: row.name, bound: row.detectionBoundSeconds! <= limit }).toEqual({ name: row.name, bound: true });
        if (row.silenceBoundSeconds !== undefined) expect(row.silenceBoundSeconds).toBeLessThanOrEqual(300);
      }
    }
    // Only the SLO window and the parked backlogs of idle dead-letter queues are trends.
    const trends = [...alarmTable(tpl), ...alarmTable(drTpl)].filter((r) => r.detectionClass === 'trend').map((r) => r.name);
    expect(trends.sort()).toEqual(
      [
        'availability-below-target',
        'alarm-notifications-undelivered',
        'dr-alarm-notifications-undelivered',
        'blocker-dead-letters',
        'recycle-dead-letters',
        'firewall-alert-copy-dead-letters',
        'files-scan-dead-letters',
      ]
        .map((s) => `hardened-${s}`)
        .sort(),
    );
    // The critical marker in the template is the stack's critical subset.
    const critical = alarmTable(tpl).filter((r) => r.kind === 'metric' && r.critical).map((r) => r.logicalId);
    expect(critical.sort()).toEqual(fixture.monitoring.alarms.critical.map(logicalId).sort());
  });

  test('the critical set covers service unreachable, no healthy targets, tasks short, no task running and database down', () => {
    const critical = new Set(fixture.monitoring.alarms.critical.map(logicalId));
    for (const suffix of ['endpoint-unreachable', 'alb-no-healthy-targets', 'alb-healthy-targets-below-floor', 'ecs-tasks-below-desired', 'ecs-no-running-tasks']) {
      expect(critical.has(alarmNamed(tpl, suffix)[0])).toBe(true);
    }
    // Database down: the RDS event itself reaches the topic, a critical event route.
    // The rule tells the Alerting stack's topic: a row only with that stack's template at hand.
    expect(alarmTable(tpl).find((r) => r.kind === 'event')).toBeUndefined();
    const route = alarmTable(tpl, [tpl, alertTpl]).find((r) => r.logicalId === logicalId(fixture.monitoring.databaseEvents.rule));
    expect(route).toMatchObject({ kind: 'event', detectionClass: 'critical', detectionBoundSeconds: 60 });
  });

  test('the alarm table agrees with the factory\'s bounds, and the composite takes its slowest child', () => {
    for (const alarm of fixture.monitoring.alarms.all) {
      expect(boundFromTemplate(tpl, logicalId(alarm))).toBe(fixture.monitoring.alarmFactory.detectionTimeOf(alarm).boundSeconds);
    }
    const composite = alarmTable(tpl).find((r) => r.kind === 'composite');
    expect(composite?.detectionBoundSeconds).toBe(180);
  });
});

describe('every alarm notifies and decides what missing data means (MON-1)', () => {
  test('TreatMissingData, AlarmActions and OKActions on every metric alarm, both regions: the Alerting stack\'s topic, the DR stack\'s own', () => {
    const notifies = {
      primary: (v: any) => fromAlerting(v, topicIdOf(alertTpl)),
      dr: (v: any) => JSON.stringify(v) === JSON.stringify({ Ref: topicIdOf(drTpl) }),
    };
    for (const [t, isTopic] of [[tpl, notifies.primary], [drTpl, notifies.dr]] as const) {
      expect(resources(t, 'AWS::CloudWatch::Alarm').length).toBeGreaterThan(0);
      for (const [id, r] of resources(t, 'AWS::CloudWatch::Alarm')) {
        const p = r.Properties;
        expect({ id, treat: typeof p.TreatMissingData }).toEqual({ id, treat: 'string' });
        expect({ id, actions: p.AlarmActions.length, ok: p.OKActions.length }).toEqual({ id, actions: 1, ok: 1 });
        expect({ id, notifies: isTopic(p.AlarmActions[0]) && isTopic(p.OKActions[0]) }).toEqual({ id, notifies: true });
        expect(p.ActionsEnabled).not.toBe(false);
      }
    }
    // The primary region has one topic, below the stacks that alarm (issue #21).
    expect(resources(tpl, 'AWS::SNS::Topic')).toEqual([]);
    alertTemplate.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('the service-down composite watches the customer-impact alarms and notifies on ALARM and OK', () => {
    const [[, composite]] = resources(tpl, 'AWS::CloudWatch::CompositeAlarm');
    expect(composite.Properties.AlarmActions).toHaveLength(1);
    expect(fromAlerting(composite.Properties.AlarmActions[0], topicIdOf(alertTpl))).toBe(true);
    expect(composite.Properties.OKActions).toEqual(composite.Properties.AlarmActions);
    const rule = JSON.stringify(composite.Properties.AlarmRule);
    for (const suffix of ['endpoint-unreachable', 'alb-no-healthy-targets', 'ecs-no-running-tasks', 'database-unreachable']) expect(rule).toContain(alarmNamed(tpl, suffix)[0]);
    expect(logicalId(fixture.monitoring.serviceDownAlarm)).toBe(resources(tpl, 'AWS::CloudWatch::CompositeAlarm')[0][0]);
  });
});

describe('alarms on every critical component (MON-2)', () => {
  test('ALB: 5xx, target 5xx, unhealthy, healthy-below-floor and none-healthy (breaching), p99 latency', () => {
    const floor = alarmNamed(tpl, 'alb-healthy-targets-below-floor')[1].Properties;
    expect(floor.TreatMissingData).toBe('breaching');
    expect(floor.Threshold).toBe(fixture.config.app.minCount);
    expect(metricStats(floor)[0].Metric.MetricName).toBe('HealthyHostCount');
    expect(alarmNamed(tpl, 'alb-no-healthy-targets')[1].Properties.TreatMissingData).toBe('breaching');
    expect(metricStats(alarmNamed(tpl, 'alb-elb-5xx')[1].Properties)[0].Metric.MetricName).toBe('HTTPCode_ELB_5XX_Count');
    expect(metricStats(alarmNamed(tpl, 'alb-target-5xx')[1].Properties)[0].Metric.MetricName).toBe('HTTPCode_Target_5XX_Count');
    expect(metricStats(alarmNamed(tpl, 'alb-unhealthy-targets')[1].Properties)[0].Metric.MetricName).toBe('UnHealthyHostCount');
    expect(metricStats(alarmNamed(tpl, 'alb-latency-p99')[1].Properties)[0].Stat).toBe('p99');
  });

  test('ECS: running tasks vs desired from Container Insights, none running, silence of the counts; CPU and memory', () => {
    const tasks = alarmNamed(tpl, 'ecs-tasks-below-desired')[1].Properties;
    expect(tasks.TreatMissingData).toBe('notBreaching');
    expect(alarmNamed(tpl, 'ecs-task-counts-silent')[1].Properties.TreatMissingData).toBe('breaching');
    expect(metricStats(alarmNamed(tpl, 'ecs-no-running-tasks')[1].Properties)[0].Metric.MetricName).toBe('RunningTaskCount');
    const stats = metricStats(tasks);
    expect(stats.map((s) => `${s.Metric.Namespace}/${s.Metric.MetricName}`).sort()).toEqual(['ECS/ContainerInsights/DesiredTaskCount', 'ECS/ContainerInsights/RunningTaskCount']);
    expect(tasks.Metrics.find((m: any) => m.Expression).Expression).toContain(`${fixture.config.app.desiredCount}`);
    expect(metricStats(alarmNamed(tpl, 'ecs-cpu-high')[1].Properties)[0].Metric.MetricName).toBe('CPUUtilization');
    expect(metricStats(alarmNamed(tpl, 'ecs-memory-high')[1].Properties)[0].Metric.MetricName).toBe('MemoryUtilization');
  });

  test('RDS: down, failover and failure from RDS events (to the topic and as an alarm); CPU, storage, connections, latency, replication slot', () => {
    const [, rule] = resources(tpl, 'AWS::Events::Rule').find(([id]) => id === logicalId(fixture.monitoring.databaseEvents.rule))!;
    expect(rule.Properties.EventPattern).toMatchObject({ source: ['aws.rds'], 'detail-type': ['RDS DB Instance Event'] });
    expect(rule.Properties.EventPattern.detail.EventCategories).toEqual(expect.arrayContaining(['availability', 'failover', 'failure']));
    expect(JSON.stringify(rule.Properties.EventPattern.resources)).toContain('Database');
    expect(fromAlerting(rule.Properties.Targets[0].Arn, topicIdOf(alertTpl))).toBe(true);
    const events = alarmNamed(tpl, 'rds-down-or-failing-over')[1].Properties;
    expect(metricStats(events)[0].Metric).toMatchObject({ Namespace: 'AWS/Events', MetricName: 'MatchedEvents', Dimensions: [{ Name: 'RuleName', Value: { Ref: logicalId(fixture.monitoring.databaseEvents.rule) } }] });
    // No alarm reads a metric gap as "database down" any more.
    expect(resources(tpl, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties.AlarmName)).not.toContain('hardened-rds-unavailable');
    const watched = ['rds-cpu-high', 'rds-free-storage-low', 'rds-connections-high', 'rds-read-latency-high', 'rds-write-latency-high', 'rds-replication-slot-lag'].map(
      (s) => metricStats(alarmNamed(tpl, s)[1].Properties)[0].Metric.MetricName,
    );
    expect(watched).toEqual(['CPUUtilization', 'FreeStorageSpace', 'DatabaseConnections', 'ReadLatency', 'WriteLatency', 'OldestReplicationSlotLag']);
    expect(alarmNamed(tpl, 'rds-replication-slot-lag')[1].Properties.TreatMissingData).toBe('notBreaching');
  });

  test('Network Firewall: dropped-packet spike (stateful engine, every AZ) and silence (ReceivedPackets, breaching)', () => {
    const dropped = alarmNamed(tpl, 'nfw-dropped-packets-spike')[1].Properties;
    const droppedDims = metricStats(dropped).map(dimensionsOf);
    for (const az of ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']) {
      expect(droppedDims).toContainEqual({ FirewallName: FIREWALL_NAME, AvailabilityZone: az, Engine: 'Stateful' });
    }
    expect(metricStats(dropped).every((s) => s.Metric.Namespace === 'AWS/NetworkFirewall' && s.Metric.MetricName === 'DroppedPackets')).toBe(true);
    const silent = alarmNamed(tpl, 'nfw-silent')[1].Properties;
    expect(silent.TreatMissingData).toBe('breaching');
    expect(metricStats(silent).map((s) => s.Metric.MetricName)).toEqual(['ReceivedPackets', 'ReceivedPackets', 'ReceivedPackets']);
  });

  test('WAF: blocked-request spike on the whole web ACL', () => {
    const waf = metricStats(alarmNamed(tpl, 'waf-blocked-requests-spike')[1].Properties)[0];
    expect(waf.Metric).toMatchObject({ Namespace: 'AWS/WAFV2', MetricName: 'BlockedRequests' });
    expect(dimensionsOf(waf)).toEqual({ WebACL: WEB_ACL_NAME, Region: 'ap-northeast-1', Rule: 'ALL' });
  });

  test('the blocker (errors, throttles, dead letters) and the recycle schedule (Scheduler failures, dead letters)', () => {
    expect(metricStats(alarmNamed(tpl, 'blocker-errors')[1].Properties)[0].Metric.MetricName).toBe('Errors');
    expect(metricStats(alarmNamed(tpl, 'blocker-throttles')[1].Properties)[0].Metric.MetricName).toBe('Throttles');
    expect(metricStats(alarmNamed(tpl, 'blocker-dead-letters')[1].Properties)[0].Metric.MetricName).toBe('ApproximateNumberOfMessagesVisible');
    const recycle = metricStats(alarmNamed(tpl, 'recycle-failed')[1].Properties).map((s) => `${s.Metric.Namespace}/${s.Metric.MetricName}`);
    expect(recycle.sort()).toEqual(['AWS/Scheduler/InvocationDroppedCount', 'AWS/Scheduler/TargetErrorCount']);
    expect(metricStats(alarmNamed(tpl, 'recycle-dead-letters')[1].Properties)[0].Metric.MetricName).toBe('ApproximateNumberOfMessagesVisible');
  });

  test('the blocker\'s reconciler and full IP sets, and the received files (mover, dead letters), alarmed here with the one factory', () => {
    const id = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as any);
    const reconciler = metricStats(alarmNamed(tpl, 'blocker-reconciler-errors')[1].Properties)[0];
    expect(reconciler.Metric.MetricName).toBe('Errors');
    expect(JSON.stringify(dimensionsOf(reconciler).FunctionName)).toContain(id(fixture.standIns.blockerReconciler));
    const setFull = metricStats(alarmNamed(tpl, 'blocker-set-full')[1].Properties)[0];
    expect(setFull.Metric).toMatchObject({ Namespace: 'HardenedStack/IpBlocker', MetricName: 'Evicted', Dimensions: [{ Name: 'Function', Value: 'blocker' }] });
    const mover = metricStats(alarmNamed(tpl, 'files-mover-errors')[1].Properties)[0];
    expect(mover.Metric.MetricName).toBe('Errors');
    expect(JSON.stringify(dimensionsOf(mover).FunctionName)).toContain(id(fixture.standIns.filesMover));
    const [filesDlqId, filesDlq] = alarmNamed(tpl, 'files-scan-dead-letters');
    expect(JSON.stringify(dimensionsOf(metricStats(filesDlq.Properties)[0]).QueueName)).toContain(id(fixture.standIns.filesDlq));
    expect(filesDlq.Properties.AlarmDescription).toMatch(/^\[trend\] /);
    for (const suffix of ['blocker-reconciler-errors', 'blocker-set-full', 'files-mover-errors']) {
      expect(boundFromTemplate(tpl, alarmNamed(tpl, suffix)[0])).toBeLessThanOrEqual(300);
    }
    expect(boundFromTemplate(tpl, filesDlqId)).toBeGreaterThan(300);
  });

  test('a firewall ALERT object parked in the copy\'s dead-letter queue is a backlog (trend); producers\' failures are detected', () => {
    const [id, alarm] = alarmNamed(tpl, 'firewall-alert-copy-dead-letters');
    const [stat] = metricStats(alarm.Properties);
    expect(stat.Metric).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' });
    expect(JSON.stringify(dimensionsOf(stat).QueueName)).toContain(Stack.of(fixture.standIns.alertCopyDlq).getLogicalId(fixture.standIns.alertCopyDlq.node.defaultChild as any));
    expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    expect(alarm.Properties.AlarmDescription).toMatch(/^\[trend\] /);
    // An idle queue's metrics resume after up to 15 minutes: too late for a failure alarm.
    expect(boundFromTemplate(tpl, id)).toBeGreaterThan(300);
    // EventBridge's account-wide failed deliveries and SNS's failed notifications are.
    const failed = alarmNamed(tpl, 'eventbridge-deliveries-failed')[1].Properties;
    expect(metricStats(failed).map((m) => m.Metric.MetricName).sort()).toEqual(['FailedInvocations', 'InvocationsSentToDlq']);
    expect(boundFromTemplate(tpl, alarmNamed(tpl, 'eventbridge-deliveries-failed')[0])).toBeLessThanOrEqual(300);
    expect(alarmNamed(tpl, 'alarm-notifications-delivery-failed')[1].Properties.MetricName).toBe('NumberOfNotificationsFailed');
    const copyErrors = alarmNamed(tpl, 'firewall-alert-copy-errors')[1].Properties;
    expect(copyErrors).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda', TreatMissingData: 'notBreaching' });
    expect(JSON.stringify(copyErrors.Dimensions)).toContain(Stack.of(fixture.standIns.alertCopy).getLogicalId(fixture.standIns.alertCopy.node.defaultChild as any));
  });
});

describe('failed AWS Backup jobs (DATA-4, MON-2)', () => {
  test('a backup or copy job that fails, is aborted or expires is published to the alarm topic', () => {
    const rules = resources(tpl, 'AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.EventPattern?.source) === '["aws.backup"]');
    expect(rules).toHaveLength(1);
    const [[, rule]] = rules;
    expect(rule.Properties.EventPattern['detail-type'].sort()).toEqual(['Backup Job State Change', 'Copy Job State Change']);
    expect(rule.Properties.EventPattern.detail.state).toEqual(expect.arrayContaining(['FAILED', 'ABORTED', 'EXPIRED']));
    expect(rule.Properties.EventPattern.detail.state).not.toContain('COMPLETED');
    const [target] = rule.Properties.Targets;
    expect(fromAlerting(target.Arn, topicIdOf(alertTpl))).toBe(true);
    expect(target.InputTransformer.InputTemplate).toMatch(/DR region/);
  });

  test('what EventBridge cannot publish joins the alarmed queue of undelivered notifications, published under a role of its own', () => {
    const [[, rule]] = resources(tpl, 'AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.EventPattern?.source) === '["aws.backup"]');
    const [target] = rule.Properties.Targets;
    const [[queueId]] = resources(alertTpl, 'AWS::SQS::Queue').filter(([id]) => id.includes('Undelivered'));
    expect(fromAlerting(target.DeadLetterConfig.Arn, queueId, 'Arn')).toBe(true);
    // The queue admits this account's rules of this region (a statement per rule would tie the
    // Alerting stack to the stacks above it); its key admits EventBridge too.
    const queuePolicy = resources(alertTpl, 'AWS::SQS::QueuePolicy').find(([, p]) => JSON.stringify(p.Properties.Queues).includes(queueId))![1];
    expect(queuePolicy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:events:ap-northeast-1:${ACCOUNT}:rule/*` } },
      }),
    );
    expect(resources(tpl, 'AWS::SQS::QueuePolicy')).toEqual([]);
    const keyId = resources(alertTpl, 'AWS::KMS::Key')[0][0];
    expect(JSON.stringify(alertTpl.Resources[keyId].Properties.KeyPolicy)).toContain('events.amazonaws.com');
    // The publisher role (may only publish): test/core/topic-publisher.test.ts.
    expect(target.RoleArn).toBeDefined();
    // The undelivered queue's alarm is the one that covers it.
    expect(fromAlerting(alarmNamed(tpl, 'alarm-notifications-undelivered')[1].Properties.Dimensions[0].Value, queueId, 'QueueName')).toBe(true);
  });
});

describe('the alarm topic (MON-1), in the Alerting stack', () => {
  test('encrypted with a customer-managed key that admits CloudWatch, TLS enforced, subscriptions from config', () => {
    const [[, topic]] = resources(alertTpl, 'AWS::SNS::Topic');
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    const key = alertTpl.Resources[keyId];
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
    alertTemplate.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    const subscriptions = resources(alertTpl, 'AWS::SNS::Subscription').map(([, s]) => `${s.Properties.Protocol}:${s.Properties.Endpoint}`);
    expect(subscriptions.sort()).toEqual(['email:oncall@example.com', 'https:https://hooks.example.com/alarms']);
    // Undeliverable notifications are parked, not lost.
    for (const [, s] of resources(alertTpl, 'AWS::SNS::Subscription')) expect(s.Properties.RedrivePolicy.deadLetterTargetArn).toBeDefined();
    // Not the alias the Monitoring stack's topic key had: an existing deployment still holds it
    // while the Alerting stack is created.
    alertTemplate.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/hardened/alerting' });
  });

  test('one factory: every alarm of the primary region is made by the Alerting stack\'s factory', () => {
    expect(fixture.monitoring.alarmFactory).toBe(fixture.alerting.alarmFactory);
    const made = new Set(fixture.alerting.alarmFactory.all.map(logicalId));
    expect(resources(tpl, 'AWS::CloudWatch::Alarm').map(([id]) => id).filter((id) => !made.has(id))).toEqual([]);
  });

  test('the Alerting stack must be in the primary region', () => {
    const app = new App();
    const env = { account: ACCOUNT, region: DR_REGION };
    expect(() => new AlertingStack(app, 'AlertingDr', { env, config: fixture.config })).toThrow(/AlertingStack must be in primaryRegion "ap-northeast-1".*"ap-northeast-3"/);
  });
});

describe('the outside-in probe (MON-2)', () => {
  test('a Synthetics canary outside the VPC requests the public URL every minute on a current Node runtime', () => {
    const [[, canary]] = resources(tpl, 'AWS::Synthetics::Canary');
    const p = canary.Properties;
    expect(p.Schedule.Expression).toBe('rate(1 minute)');
    expect(p.VpcConfig).toBeUndefined();
    expect(p.RuntimeVersion).toMatch(/^syn-nodejs-(puppeteer|playwright)-\d+\.\d+$/);
    expect(p.RunConfig.EnvironmentVariables.PROBE_URL).toBe(PUBLIC_URL);
    expect(p.Code.Script).toMatch(/statusCode < 200 \|\| res\.statusCode > 399/);
    expect(p.ArtifactConfig.S3Encryption.EncryptionMode).toBe('SSE_KMS');
  });

  test('its run artifacts go to the access-log bucket, under their own expiring prefix, encrypted with the monitoring key', () => {
    const [[, canary]] = resources(tpl, 'AWS::Synthetics::Canary');
    expect(resources(tpl, 'AWS::S3::Bucket')).toEqual([]);
    expect(JSON.stringify(canary.Properties.ArtifactS3Location)).toContain('/canary-runs/hardened-endpoint');
    expect(JSON.stringify(canary.Properties.ArtifactConfig.S3Encryption.KmsKeyArn)).toContain(logicalId(fixture.monitoring.key));
    const policies = resources(tpl, 'AWS::IAM::ManagedPolicy').filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('s3:PutObject'));
    expect(policies).toHaveLength(1);
    const put = policies[0][1].Properties.PolicyDocument.Statement.find((st: any) => st.Action === 's3:PutObject');
    expect(JSON.stringify(put.Resource)).toMatch(/AccessLogBucketArn.*\/canary-runs\/hardened-endpoint\/\*/);
  });
});

describe('availability (MON-5)', () => {
  test('an SLO (trend) alarm on the ALB availability ratio below 99.9 %, judged only from 1,000 requests a window', () => {
    const p = alarmNamed(tpl, 'availability-below-target')[1].Properties;
    expect(p.Threshold).toBe(99.9);
    expect(p.ComparisonOperator).toBe('LessThanThreshold');
    expect(p.AlarmDescription).toMatch(/^\[trend\] /);
    expect(p.Metrics.find((m: any) => m.Expression).Expression).toMatch(/^IF\(\(FILL\(requests, 0\) \+ FILL\(elb5xx, 0\)\) >= 1000, 100 \* \(1 - /);
    expect(metricStats(p).map((s) => s.Metric.MetricName).sort()).toEqual(['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'RequestCount']);
  });

  test('the dashboard shows the availability figure and the state of every alarm', () => {
    const [[, dashboard]] = resources(tpl, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    expect(body).toContain('\\"type\\":\\"alarm\\"');
    for (const [id] of [...resources(tpl, 'AWS::CloudWatch::Alarm'), ...resources(tpl, 'AWS::CloudWatch::CompositeAlarm')]) expect(body).toContain(id);
    expect(body).toContain('100 * (1 - ');
    expect(body).toContain('SuccessPercent');
    expect(body).toContain('DatabaseReachable');
  });
});

describe('fault drills as code (RES-1)', () => {
  const byName = (name: string) => resources(tpl, 'AWS::FIS::ExperimentTemplate').find(([, r]) => r.Properties.Tags.Name === `hardened-${name}`)![1].Properties;
  const customerImpact = () => [logicalId(fixture.monitoring.serviceDownAlarm), alarmNamed(tpl, 'availability-below-target')[0]];

  test('three templates, each with its own role, KMS-encrypted logs and a customer-impact stop condition', () => {
    const templates = resources(tpl, 'AWS::FIS::ExperimentTemplate');
    expect(templates).toHaveLength(3);
    expect(new Set(templates.map(([, r]) => r.Properties.RoleArn['Fn::GetAtt'][0])).size).toBe(3);
    for (const [, r] of templates) {
      const p = r.Properties;
      const stopIds = p.StopConditions.map((s: any) => s.Value['Fn::GetAtt'][0]);
      expect(p.StopConditions.every((s: any) => s.Source === 'aws:cloudwatch:alarm')).toBe(true);
      expect(stopIds.some((id: string) => customerImpact().includes(id))).toBe(true);
      const logGroup = tpl.Resources[p.LogConfiguration.CloudWatchLogsConfiguration.LogGroupArn['Fn::GetAtt'][0]];
      expect(logGroup.Properties.KmsKeyId).toBeDefined();
      const role = tpl.Resources[p.RoleArn['Fn::GetAtt'][0]];
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service).toBe('fis.amazonaws.com');
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals['aws:SourceAccount']).toBe(ACCOUNT);
    }
  });

  test('each drill asserts its alarm is in ALARM once the alarm\'s honest bound has passed, and is not stopped by that alarm', () => {
    const expected: Record<string, string> = {
      'stop-half-the-tasks': 'ecs-tasks-below-desired',
      'force-database-failover': 'rds-down-or-failing-over',
      'cut-app-subnet': 'alb-unhealthy-targets',
    };
    const compositeRule = JSON.stringify(resources(tpl, 'AWS::CloudWatch::CompositeAlarm')[0][1].Properties.AlarmRule);
    for (const [name, alarm] of Object.entries(expected)) {
      const p = byName(name);
      const alarmId = alarmNamed(tpl, alarm)[0];
      const assert = Object.values<any>(p.Actions).find((a) => a.ActionId === 'aws:cloudwatch:assert-alarm-state');
      expect(assert.Parameters).toEqual({ alarmArns: { 'Fn::GetAtt': [alarmId, 'Arn'] }, alarmStates: 'ALARM' });
      const wait = p.Actions[assert.StartAfter[0]];
      expect(wait.ActionId).toBe('aws:fis:wait');
      const minutes = Number(/^PT(\d+)M$/.exec(wait.Parameters.duration)![1]);
      expect(minutes).toBeLessThanOrEqual(5);
      expect(minutes).toBe(Math.ceil(boundFromTemplate(tpl, alarmId) / 60));
      // The alarm the drill expects must not stop it, directly or through the composite.
      for (const stop of p.StopConditions.map((s: any) => s.Value['Fn::GetAtt'][0])) {
        expect(stop).not.toBe(alarmId);
        if (stop === logicalId(fixture.monitoring.serviceDownAlarm)) expect(compositeRule).not.toContain(alarmId);
      }
    }
  });

  test('stop half the tasks: aws:ecs:stop-task on 50% of the app service', () => {
    const p = byName('stop-half-the-tasks');
    expect(p.Targets.AppTasks).toMatchObject({ ResourceType: 'aws:ecs:task', SelectionMode: 'PERCENT(50)' });
    expect(JSON.stringify(p.Targets.AppTasks.Parameters.cluster)).toContain('Cluster');
    expect(JSON.stringify(p.Targets.AppTasks.Parameters.service)).toContain('Service');
    expect(p.Actions.StopTasks).toMatchObject({ ActionId: 'aws:ecs:stop-task', Targets: { Tasks: 'AppTasks' } });
  });

  test('force a database failover: aws:rds:reboot-db-instances with forceFailover on the primary', () => {
    const p = byName('force-database-failover');
    expect(p.Targets.Database.ResourceType).toBe('aws:rds:db');
    expect(JSON.stringify(p.Targets.Database.ResourceArns)).toContain('Database');
    expect(p.Actions.Failover).toMatchObject({ ActionId: 'aws:rds:reboot-db-instances', Parameters: { forceFailover: 'true' }, Targets: { DBInstances: 'Database' } });
  });

  test('cut an app subnet: aws:network:disrupt-connectivity, scope all, 5 minutes, exactly one app subnet', () => {
    const p = byName('cut-app-subnet');
    expect(p.Targets.AppSubnet.ResourceType).toBe('aws:ec2:subnet');
    expect(p.Targets.AppSubnet.ResourceArns).toHaveLength(1);
    expect(JSON.stringify(p.Targets.AppSubnet.ResourceArns)).toContain('AppSubnet1');
    expect(p.Actions.CutSubnet).toMatchObject({ ActionId: 'aws:network:disrupt-connectivity', Parameters: { scope: 'all', duration: 'PT5M' }, Targets: { Subnets: 'AppSubnet' } });
    // The check runs while the subnet is still cut.
    expect(p.Actions.WaitForDetection.StartAfter).toBeUndefined();
  });
});

describe('the DR replica, in its region', () => {
  test('RDS replica events to the DR topic and as an alarm, silence of the replica; no ReplicaLag alarm that pages on an idle primary', () => {
    expect(fixture.dr.region).toBe(DR_REGION);
    const names = resources(drTpl, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties.AlarmName);
    expect(names).not.toContain('hardened-rds-replica-lag');
    for (const [, r] of resources(drTpl, 'AWS::CloudWatch::Alarm')) expect(JSON.stringify(r.Properties)).not.toContain('ReplicaLag"');
    const [[, rule]] = resources(drTpl, 'AWS::Events::Rule');
    expect(rule.Properties.EventPattern.detail.EventCategories).toContain('read replica');
    expect(JSON.stringify(rule.Properties.EventPattern.resources)).toContain('hardened-db-replica');
    const [, silent] = alarmNamed(drTpl, 'rds-replica-silent');
    expect(silent.Properties.TreatMissingData).toBe('breaching');
    expect(metricStats(silent.Properties)[0].Metric).toMatchObject({ Namespace: 'AWS/RDS', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'hardened-db-replica' }] });
    const [[, topic]] = resources(drTpl, 'AWS::SNS::Topic');
    const key = drTpl.Resources[topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0]];
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    drTemplate.resourceCountIs('AWS::SNS::Subscription', 2);
    expect(fixture.replicaLag.replicaEvents.alarmArn).toBeDefined();
  });
});

describe('rule packs (GOV-2)', () => {
  test('no finding of the five standard packs remains on the monitoring and DR stacks', () => {
    const packs = [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks(), new ServerlessChecks()];
    const findings = packs.flatMap((pack) =>
      [fixture.alerting, fixture.monitoring, fixture.dr].flatMap((stack) => pack.validateScope(stack).violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)),
    );
    expect(findings).toEqual([]);
  }, 120_000);

  test('acknowledgements are few, finding-level where the rule has findings, on resource constructs, with a reason', () => {
    const acks: Array<{ path: string; id: string; reason: string }> = [];
    for (const stack of [fixture.alerting, fixture.monitoring, fixture.dr]) {
      for (const c of stack.node.findAll()) {
        for (const entry of c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')) {
          for (const [id, reason] of Object.entries<any>(entry.data)) acks.push({ path: c.node.path, id, reason: String(reason?.reason ?? reason) });
        }
      }
    }
    // The complete list: a new acknowledgement must be added here on purpose.
    expect(acks.map((a) => `${a.path} ${a.id.replace(/^Annotation::/, '')}`).sort()).toEqual(
      [
        'Dr/ReplicaLag/AlarmTopic/Undelivered AwsSolutions-SQS3',
        'Dr/ReplicaLag/AlarmTopic/Undelivered Serverless-SQSRedrivePolicy',
        'Alerting/AlarmTopic/Undelivered AwsSolutions-SQS3',
        'Alerting/AlarmTopic/Undelivered Serverless-SQSRedrivePolicy',
        'Monitoring/Endpoint/Policy AwsSolutions-IAM5[Resource::*]',
        'Monitoring/Endpoint/Policy AwsSolutions-IAM5[Resource::StandIns-AccessLogBucketArn/canary-runs/hardened-endpoint/*]',
        `Monitoring/Endpoint/Policy AwsSolutions-IAM5[Resource::arn:aws:logs:ap-northeast-1:${ACCOUNT}:log-group:/aws/lambda/cwsyn-hardened-endpoint-*]`,
        'Monitoring/FaultDrills/ExperimentBasics AwsSolutions-IAM5[Resource::*]',
        'Monitoring/FaultDrills/StopTasksPolicy AwsSolutions-IAM5[Resource::*]',
        `Monitoring/FaultDrills/SubnetOutagePolicy AwsSolutions-IAM5[Resource::arn:aws:ec2:ap-northeast-1:${ACCOUNT}:network-acl/*]`,
      ].sort(),
    );
    for (const a of acks) {
      expect(a.path.split('/').length).toBeGreaterThan(2);
      expect(a.reason.length).toBeGreaterThanOrEqual(40);
      expect(a.reason).toMatch(/[.!?)]$/);
      if (a.id.includes('IAM5')) expect(a.id).toMatch(/\[.+\]$/);
    }
  });
});
