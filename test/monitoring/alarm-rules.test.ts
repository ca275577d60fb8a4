import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmFactory } from '../../lib/monitoring/alarm-factory';
import { alarmCounts, alarmSummaryMarkdown, alarmTable, alarmTableMarkdown, assemblyTable } from '../../lib/reporting/alarm-table';
import { AlarmTopic } from '../../lib/monitoring/alarm-topic';
import { assertAfter } from '../../lib/monitoring/fault-drills';
import { boundViolation, detectionBound, detectionBoundOf, detectionTimeOf } from '../../lib/monitoring/detection-bound';
import { METRIC_SOURCES } from '../../lib/monitoring/metric-sources';
import { defaultAlarmThresholds, resolveThresholds } from '../../lib/monitoring/thresholds';

// Pure parts of the monitoring code: no synthesis, no App.

const action: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: 'arn:aws:sns:ap-northeast-1:123456789012:alarms' }) };
const metric = (period: number) => new cloudwatch.Metric({ namespace: 'Test', metricName: 'Errors', statistic: 'Sum', period: Duration.seconds(period) });

describe('detectionTimeOf (honest bound)', () => {
  test('period × M + the source\'s publication delay + the one-minute evaluation cadence', () => {
    // ALB: 60 s × 2 + 60 s publication + 60 s cadence.
    expect(detectionBoundOf({ Namespace: 'AWS/ApplicationELB', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2 })).toBe(240);
    // Synthetics publishes at the end of the run: 30 s.
    expect(detectionBoundOf({ Namespace: 'CloudWatchSynthetics', Period: 60, EvaluationPeriods: 1 })).toBe(150);
    // An idle SQS queue resumes its metrics only after up to 15 minutes.
    expect(detectionTimeOf({ Namespace: 'AWS/SQS', Period: 60, EvaluationPeriods: 1 })).toMatchObject({ publicationDelaySeconds: 960, boundSeconds: 1080, sources: ['SQS'] });
    // An application's own metric counts as EMF, and an event-counting alarm adds the event delivery.
    expect(detectionBoundOf({ Namespace: 'MyApp', Period: 60, EvaluationPeriods: 1 }, 60)).toBe(240);
  });

  test('metric math: the longest period and the slowest source of its inputs', () => {
    const Metrics = [
      { Id: 'e', Expression: 'a+b' },
      { Id: 'a', MetricStat: { Period: 60, Metric: { Namespace: 'CloudWatchSynthetics' } } },
      { Id: 'b', MetricStat: { Period: 300, Metric: { Namespace: 'AWS/RDS' } } },
    ];
    expect(detectionTimeOf({ Metrics, EvaluationPeriods: 1 })).toMatchObject({ periodSeconds: 300, publicationDelaySeconds: 60, boundSeconds: 420 });
  });

  test('missing data as breaching: silence fires once the evaluation range (N + 2) holds fewer than N real datapoints', () => {
    expect(detectionTimeOf({ Namespace: 'AWS/RDS', Period: 60, EvaluationPeriods: 1, TreatMissingData: 'breaching' })?.silenceBoundSeconds).toBe(240);
    expect(detectionTimeOf({ Namespace: 'AWS/RDS', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: 'breaching' })?.silenceBoundSeconds).toBe(360);
    expect(detectionTimeOf({ Namespace: 'AWS/RDS', Period: 60, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' })?.silenceBoundSeconds).toBeUndefined();
  });

  test('classes: critical 180 s, failure 300 s, trend not bound, silence within 300 s', () => {
    const time = (p: Record<string, unknown>) => detectionTimeOf({ Namespace: 'AWS/ApplicationELB', Period: 60, ...p })!;
    expect(boundViolation(time({ EvaluationPeriods: 1 }), 'critical')).toBeUndefined();
    expect(boundViolation(time({ EvaluationPeriods: 3, DatapointsToAlarm: 2 }), 'critical')).toMatch(/240 s .* 180 s allowed for critical/);
    expect(boundViolation(time({ EvaluationPeriods: 4, DatapointsToAlarm: 3 }), 'failure')).toBeUndefined();
    expect(boundViolation(time({ EvaluationPeriods: 4, DatapointsToAlarm: 4 }), 'failure')).toMatch(/360 s/);
    expect(boundViolation(time({ EvaluationPeriods: 30 }), 'trend')).toBeUndefined();
    expect(boundViolation(time({ EvaluationPeriods: 1, TreatMissingData: 'breaching' }), 'failure')).toBeUndefined();
    expect(boundViolation(time({ EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: 'breaching' }), 'failure')).toMatch(/on silence only after 360 s/);
    expect(boundViolation(time({ EvaluationPeriods: 4, DatapointsToAlarm: 4, TreatMissingData: 'breaching' }), 'trend')).toBeUndefined();
    // 2 of 3: (5 − 3 + 2) × 60 + 60 = 300 s, exactly the bound.
    expect(boundViolation(detectionTimeOf({ Namespace: 'AWS/RDS', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: 'breaching' })!, 'failure')).toBeUndefined();
  });

  test('undefined when not literal', () => {
    expect(detectionBoundOf({ Period: { Ref: 'P' }, EvaluationPeriods: 1 })).toBeUndefined();
    expect(detectionBoundOf({ EvaluationPeriods: 1 })).toBeUndefined();
  });

  test('every source names its AWS documentation page', () => {
    for (const source of METRIC_SOURCES) expect(source.doc).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});

describe('AlarmFactory', () => {
  test('adds ALARM and OK actions and marks critical alarms', () => {
    const stack = new Stack();
    const factory = new AlarmFactory({ action, namePrefix: 'p' });
    const alarm = factory.addAlarm(stack, 'A', {
      name: 'a',
      description: 'd.',
      metric: metric(60),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 1,
      evaluationPeriods: 3,
      critical: true,
    });
    const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
    expect(stack.resolve(cfn.alarmActions)).toHaveLength(1);
    expect(stack.resolve(cfn.okActions)).toHaveLength(1);
    expect(cfn.alarmName).toBe('p-a');
    expect(cfn.alarmDescription).toMatch(/^\[critical\] /);
    // Test namespace: an application's own metric (60 s publication): 60 + 60 + 60.
    expect(detectionBound(alarm)).toBe(180);
    expect(factory.critical).toEqual([alarm]);
    expect(factory.detectionTimeOf(alarm).boundSeconds).toBe(180);
  });

  test('refuses an alarm slower than its class (honest bound), accepts a named trend alarm', () => {
    const stack = new Stack();
    const factory = new AlarmFactory({ action, namePrefix: 'p' });
    const def = {
      description: 'd.',
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    expect(() => factory.addAlarm(stack, 'Slow', { ...def, name: 'slow', metric: metric(300), datapointsToAlarm: 3 })).toThrow(/1020 s .* 300 s allowed for failure/);
    // 60 s × 2 fits the old 120 s claim, but publication and cadence make it 240 s.
    expect(() => factory.addAlarm(stack, 'SlowCritical', { ...def, name: 'slow-critical', metric: metric(60), datapointsToAlarm: 2, critical: true })).toThrow(/240 s .* 180 s allowed for critical/);
    const trend = factory.addAlarm(stack, 'Window', { ...def, name: 'window', metric: metric(300), datapointsToAlarm: 1, detectionClass: 'trend' });
    expect((trend.node.defaultChild as cloudwatch.CfnAlarm).alarmDescription).toMatch(/^\[trend\] /);
    expect(() => factory.addAlarm(stack, 'Bad', { ...def, name: 'Bad Name', metric: metric(60), datapointsToAlarm: 1 })).toThrow(/kebab-case/);
  });
});

describe('fault drills wait for the honest bound', () => {
  const alarm = { alarmArn: 'arn' } as unknown as cloudwatch.IAlarm;
  test('rounded up to whole minutes; an alarm slower than 300 s cannot be a drill\'s proof', () => {
    expect(assertAfter({ alarm, boundSeconds: 180 })).toBe('PT3M');
    expect(assertAfter({ alarm, boundSeconds: 150 })).toBe('PT3M');
    expect(() => assertAfter({ alarm, boundSeconds: 420 })).toThrow(/within 300 s .* 420 s/);
  });
});

describe('thresholds', () => {
  test('defaults carry the 99.9 % target; overrides are checked together', () => {
    expect(defaultAlarmThresholds().availabilityPercent).toBe(99.9);
    expect(resolveThresholds({ elb5xxPerMinute: 3 }).elb5xxPerMinute).toBe(3);
    expect(() => resolveThresholds({ elb5xxPerMinute: 0, availabilityPercent: 100 })).toThrow(/elb5xxPerMinute[\s\S]*availabilityPercent/);
  });
});

describe('AlarmTopic', () => {
  test('rejects a plain-HTTP endpoint', () => {
    expect(() => new AlarmTopic(new Stack(), 'T', { keyAlias: 'x/alarms', displayName: 'x', httpsEndpoints: ['http://hooks.example.com'] })).toThrow(/https:\/\//);
  });
});

describe('alarmTable', () => {
  const template = {
    Resources: {
      Slow: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: 'x-slow',
          AlarmDescription: 'plain',
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Statistic: 'Maximum',
          Dimensions: [{ Name: 'QueueName', Value: 'q' }],
          Period: 60,
          EvaluationPeriods: 5,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        },
      },
      Math: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: 'x-math',
          AlarmDescription: '[critical] down',
          Metrics: [
            { Id: 'e', Expression: 'a - b', ReturnData: true },
            { Id: 'a', MetricStat: { Metric: { Namespace: 'N', MetricName: 'A' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
            { Id: 'b', MetricStat: { Metric: { Namespace: 'N', MetricName: 'B', Dimensions: [{ Name: 'D', Value: { Ref: 'X' } }] }, Period: 60, Stat: 'Sum' }, ReturnData: false },
          ],
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
          TreatMissingData: 'breaching',
        },
      },
      Down: {
        Type: 'AWS::CloudWatch::CompositeAlarm',
        Properties: {
          AlarmName: 'x-down',
          AlarmDescription: '[critical] any',
          AlarmRule: { 'Fn::Join': ['', ['ALARM("', { 'Fn::GetAtt': ['Slow', 'Arn'] }, '") OR ALARM("', { 'Fn::GetAtt': ['Math', 'Arn'] }, '")']] },
        },
      },
      Other: { Type: 'AWS::SNS::Topic', Properties: {} },
      Told: {
        Type: 'AWS::Events::Rule',
        Properties: { EventPattern: { source: ['aws.backup'], 'detail-type': ['Backup Job State Change'] }, Targets: [{ Arn: { Ref: 'Other' }, Id: 't' }] },
      },
    },
  };

  test('one row per alarm with its condition, timing and detection bound', () => {
    const rows = alarmTable(template);
    expect(rows.map((r) => r.name)).toEqual(['x-math', 'x-slow', 'x-down', 'Told']);
    expect(rows[0]).toMatchObject({
      watches: 'a - b where a = N A (Sum); b = N B (Sum) {D}',
      comparison: '<',
      threshold: 1,
      periodSeconds: 60,
      datapointsToAlarm: 2,
      evaluationPeriods: 3,
      detectionBoundSeconds: 240,
      silenceBoundSeconds: 300,
      detectionClass: 'critical',
      critical: true,
    });
    expect(rows[1]).toMatchObject({ watches: 'AWS/SQS ApproximateNumberOfMessagesVisible (Maximum) {QueueName=q}', comparison: '>=', publicationDelaySeconds: 960, detectionBoundSeconds: 1320, detectionClass: 'failure' });
    expect(rows[2]).toMatchObject({ kind: 'composite', watches: 'x-slow, x-math', detectionBoundSeconds: 1320, critical: true });
    expect(rows[3]).toMatchObject({ kind: 'event', name: 'Told', detectionBoundSeconds: 300, sources: ['AWS Backup events'] });
  });

  // A rule in one stack telling the topic of another: CDK reaches it through that stack's output.
  const alerting = {
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {} }, Parked: { Type: 'AWS::SQS::Queue', Properties: {} } },
    Outputs: { PublishOutputRefTopic1: { Value: { Ref: 'Topic' } }, PublishOutputRefParked2: { Value: { Ref: 'Parked' } }, Exported: { Value: { Ref: 'Topic' }, Export: { Name: 'alerting:topic' } } },
  };
  const rule = (arn: unknown) => ({ Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['aws.rds'] }, Targets: [{ Arn: arn, Id: 't' }] } });
  const above = {
    Resources: {
      ToTopic: rule({ 'Fn::GetStackOutput': { StackName: 'Alerting', OutputName: 'PublishOutputRefTopic1' } }),
      ToImportedTopic: rule({ 'Fn::ImportValue': 'alerting:topic' }),
      ToQueue: rule({ 'Fn::GetStackOutput': { StackName: 'Alerting', OutputName: 'PublishOutputRefParked2' } }),
    },
  };

  test('a rule telling another stack\'s topic is an event route once that stack\'s template is given, not a rule sending elsewhere', () => {
    expect(alarmTable(above)).toEqual([]);
    expect(alarmTable(above, [above, alerting]).map((r) => `${r.kind}:${r.name}`)).toEqual(['event:ToImportedTopic', 'event:ToTopic']);
  });

  test('the assembly table: every template\'s rows, metric alarms, composites, then event routes, each by name; counted by kind', () => {
    const rows = assemblyTable([above, template, alerting]);
    expect(rows.map((r) => `${r.kind}:${r.name}`)).toEqual(['metric:x-math', 'metric:x-slow', 'composite:x-down', 'event:ToImportedTopic', 'event:Told', 'event:ToTopic']);
    expect(alarmCounts(rows)).toBe('2 metric alarms, 1 composite alarm and 3 event routes');
    const summary = alarmSummaryMarkdown(rows).split('\n');
    expect(summary).toHaveLength(8);
    expect(summary[2]).toBe('| x-math **(critical)** | critical (≤ 180 s) | < 1 | 60 s | 2 of 3 | 240 s | 300 s |');
    expect(summary[6]).toMatch(/^\| event route: aws\.backup Backup Job State Change \| failure \(≤ 300 s\) \| a matching event → alarm topic \| — \| — \| 300 s \| — \|$/);
  });

  test('renders Markdown', () => {
    const md = alarmTableMarkdown(alarmTable(template)).split('\n');
    expect(md[0]).toBe('| Alarm | Class (limit) | Watches | Fires when | Period | Datapoints (M of N) | Missing data | Publication delay | Honest bound | On silence |');
    expect(md).toHaveLength(6);
    expect(md[2]).toContain('| x-math **(critical)** | critical (≤ 180 s) |');
    expect(md[2]).toContain('| 2 of 3 | breaching | 60 s (custom (EMF)) | 240 s | 300 s |');
  });
});
