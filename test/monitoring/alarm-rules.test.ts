import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmFactory } from '../../lib/monitoring/alarm-factory';
import { alarmTable, alarmTableMarkdown } from '../../lib/monitoring/alarm-table';
import { AlarmTopic } from '../../lib/monitoring/alarm-topic';
import { detectionBound, detectionBoundOf } from '../../lib/monitoring/detection-bound';
import { defaultAlarmThresholds, resolveThresholds } from '../../lib/monitoring/thresholds';

// Pure parts of the monitoring code: no synthesis, no App.

const action: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: 'arn:aws:sns:ap-northeast-1:123456789012:alarms' }) };
const metric = (period: number) => new cloudwatch.Metric({ namespace: 'Test', metricName: 'Errors', statistic: 'Sum', period: Duration.seconds(period) });

describe('detectionBoundOf', () => {
  test('Period × DatapointsToAlarm, else EvaluationPeriods', () => {
    expect(detectionBoundOf({ Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2 })).toBe(120);
    expect(detectionBoundOf({ Period: 60, EvaluationPeriods: 5 })).toBe(300);
  });

  test('metric math: the longest MetricStat period', () => {
    const Metrics = [{ Id: 'e', Expression: 'a+b' }, { Id: 'a', MetricStat: { Period: 60 } }, { Id: 'b', MetricStat: { Period: 300 } }];
    expect(detectionBoundOf({ Metrics, EvaluationPeriods: 1 })).toBe(300);
  });

  test('undefined when not literal', () => {
    expect(detectionBoundOf({ Period: { Ref: 'P' }, EvaluationPeriods: 1 })).toBeUndefined();
    expect(detectionBoundOf({ EvaluationPeriods: 1 })).toBeUndefined();
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
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      datapointsToAlarm: 2,
      evaluationPeriods: 3,
      critical: true,
    });
    const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
    expect(stack.resolve(cfn.alarmActions)).toHaveLength(1);
    expect(stack.resolve(cfn.okActions)).toHaveLength(1);
    expect(cfn.alarmName).toBe('p-a');
    expect(cfn.alarmDescription).toMatch(/^\[critical\] /);
    expect(detectionBound(alarm)).toBe(120);
    expect(factory.critical).toEqual([alarm]);
  });

  test('refuses an alarm slower than 5 minutes, or a critical one slower than 2', () => {
    const stack = new Stack();
    const factory = new AlarmFactory({ action, namePrefix: 'p' });
    const def = {
      description: 'd.',
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    expect(() => factory.addAlarm(stack, 'Slow', { ...def, name: 'slow', metric: metric(300), datapointsToAlarm: 3 })).toThrow(/900 s .* 300 s/);
    expect(() => factory.addAlarm(stack, 'SlowCritical', { ...def, name: 'slow-critical', metric: metric(60), datapointsToAlarm: 3, critical: true })).toThrow(/180 s .* 120 s/);
    expect(() => factory.addAlarm(stack, 'Bad', { ...def, name: 'Bad Name', metric: metric(60), datapointsToAlarm: 1 })).toThrow(/kebab-case/);
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
    },
  };

  test('one row per alarm with its condition, timing and detection bound', () => {
    const rows = alarmTable(template);
    expect(rows.map((r) => r.name)).toEqual(['x-math', 'x-slow', 'x-down']);
    expect(rows[0]).toMatchObject({ watches: 'a - b where a = N A (Sum); b = N B (Sum) {D}', comparison: '<', threshold: 1, periodSeconds: 60, datapointsToAlarm: 2, evaluationPeriods: 3, detectionBoundSeconds: 120, critical: true });
    expect(rows[1]).toMatchObject({ watches: 'AWS/SQS ApproximateNumberOfMessagesVisible (Maximum) {QueueName=q}', comparison: '>=', detectionBoundSeconds: 300, critical: false });
    expect(rows[2]).toMatchObject({ kind: 'composite', watches: 'x-slow, x-math', detectionBoundSeconds: 300, critical: true });
  });

  test('renders Markdown', () => {
    const md = alarmTableMarkdown(alarmTable(template)).split('\n');
    expect(md[0]).toBe('| Alarm | Watches | Fires when | Period | Datapoints (M of N) | Missing data | Detection bound |');
    expect(md).toHaveLength(5);
    expect(md[2]).toContain('| x-math **(critical)** |');
    expect(md[2]).toContain('| 2 of 3 | breaching | 120 s |');
  });
});
