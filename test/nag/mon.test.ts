import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as cdkEcs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { expectFlagged, expectNotFlagged, newStack, siblingStack } from './nag-test-helpers';

function alarm(stack: Stack, props: Partial<cloudwatch.CfnAlarmProps> = {}, id = 'Alarm') {
  return new cloudwatch.CfnAlarm(stack, id, {
    namespace: 'AWS/ApplicationELB',
    metricName: 'HTTPCode_ELB_5XX_Count',
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: 3,
    threshold: 10,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: ['arn:aws:sns:ap-northeast-1:111111111111:alarms'],
    ...props,
  });
}

describe('MON-1 AlarmDetectsWithinFiveMinutes', () => {
  const id = 'Hardened-MON-1-AlarmDetectsWithinFiveMinutes';
  test('flags 3 × 5-minute periods', () => expectFlagged(alarm(newStack(), { period: 300 }), id));
  test('flags a metric-math alarm over 5-minute metrics', () => {
    const metrics = [
      { id: 'e', expression: 'm1 * 2', returnData: true },
      { id: 'm1', returnData: false, metricStat: { metric: { namespace: 'AWS/ECS', metricName: 'CPUUtilization' }, period: 300, stat: 'Average' } },
    ];
    expectFlagged(alarm(newStack(), { namespace: undefined, metricName: undefined, statistic: undefined, period: undefined, metrics }), id);
  });
  test('passes 3 of 5 one-minute datapoints (180 s + 60 s publication + 60 s cadence = 300 s)', () =>
    expectNotFlagged(alarm(newStack(), { evaluationPeriods: 5, datapointsToAlarm: 3 }), id));
  test('flags 4 one-minute datapoints: 240 s fits period × datapoints, not the honest bound (360 s)', () =>
    expectFlagged(alarm(newStack(), { evaluationPeriods: 4 }), id));
  test('flags a critical alarm over 180 s (2 of 3 minutes = 240 s honestly), passes it at 1 of 2', () => {
    expectFlagged(alarm(newStack(), { alarmDescription: '[critical] down', evaluationPeriods: 3, datapointsToAlarm: 2 }), id);
    expectNotFlagged(alarm(newStack(), { alarmDescription: '[critical] down', evaluationPeriods: 2, datapointsToAlarm: 1 }), id);
  });
  test('flags a dead-letter alarm presented as a failure detector (idle SQS metrics resume after up to 15 minutes), passes it as a trend', () => {
    const dlq = { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', statistic: 'Maximum', evaluationPeriods: 1, threshold: 1 };
    expectFlagged(alarm(newStack(), dlq), id);
    expectNotFlagged(alarm(newStack(), { ...dlq, alarmDescription: '[trend] backlog parked' }), id);
  });
  test('flags an alarm on silence that the evaluation range makes slower than 300 s (3 of 3 breaching: 360 s)', () =>
    expectFlagged(alarm(newStack(), { evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: 'breaching', threshold: 1, comparisonOperator: 'LessThanThreshold' }), id));
  test('counts the event delivery in front of an alarm on an EventBridge rule\'s matches', () => {
    const stack = newStack();
    const rule = new events.Rule(stack, 'Rds', { eventPattern: { source: ['aws.backup'] } });
    const matched = { namespace: 'AWS/Events', metricName: 'MatchedEvents', statistic: 'Sum', dimensions: [{ name: 'RuleName', value: rule.ruleName }], threshold: 1 };
    // AWS Backup events arrive up to 5 minutes late: 60 + 60 + 60 + 300 s.
    expectFlagged(alarm(stack, { ...matched, evaluationPeriods: 1 }), id);
    const rds = new events.Rule(stack, 'Db', { eventPattern: { source: ['aws.rds'] } });
    expectNotFlagged(alarm(stack, { ...matched, dimensions: [{ name: 'RuleName', value: rds.ruleName }], evaluationPeriods: 1 }, 'Rds2'), id);
  });
});

describe('MON-1 AlarmNotifies', () => {
  const id = 'Hardened-MON-1-AlarmNotifies';
  test('flags an alarm without actions', () => expectFlagged(alarm(newStack(), { alarmActions: [] }), id));
  test('flags an alarm whose actions are disabled', () => expectFlagged(alarm(newStack(), { actionsEnabled: false }), id));
  test('flags a composite alarm without actions', () => {
    expectFlagged(new cloudwatch.CfnCompositeAlarm(newStack(), 'Slo', { alarmRule: 'ALARM(a)' }), id);
  });
  test('passes an alarm notifying a topic', () => expectNotFlagged(alarm(newStack()), id));
});

describe('MON-1 AlarmTreatsMissingDataExplicitly', () => {
  const id = 'Hardened-MON-1-AlarmTreatsMissingDataExplicitly';
  test('flags an alarm leaving missing data to the default', () => expectFlagged(alarm(newStack(), { treatMissingData: undefined }), id));
  test('passes an alarm that says what missing data means', () => expectNotFlagged(alarm(newStack(), { treatMissingData: 'breaching' }), id));
});

describe('MON-1 AlarmTopicEncrypted', () => {
  const id = 'Hardened-MON-1-AlarmTopicEncrypted';
  const topicUsedByAlarm = (key?: (stack: Stack) => kms.IKey) => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Alarms', { masterKey: key?.(stack) });
    alarm(stack, { alarmActions: [topic.topicArn] });
    return topic;
  };
  test('flags an unencrypted alarm topic', () => expectFlagged(topicUsedByAlarm(), id));
  test('flags the AWS managed SNS key', () => expectFlagged(topicUsedByAlarm((s) => kms.Alias.fromAliasName(s, 'Managed', 'alias/aws/sns')), id));
  test('flags a key that does not admit CloudWatch', () => expectFlagged(topicUsedByAlarm((s) => new kms.Key(s, 'Key', { enableKeyRotation: true })), id));
  test('passes a customer-managed key admitting CloudWatch', () => {
    const topic = topicUsedByAlarm((s) => {
      const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
      key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
      return key;
    });
    expectNotFlagged(topic, id);
  });
  test('does not apply to a topic no alarm uses', () => expectNotFlagged(new sns.Topic(newStack(), 'Other'), id));
});

function albOf(stack: Stack) {
  return new elbv2.CfnLoadBalancer(stack, 'Alb', { subnets: ['subnet-1', 'subnet-2'] });
}

describe('MON-2 CriticalResourceHasAlarm', () => {
  const id = 'Hardened-MON-2-CriticalResourceHasAlarm';
  test('flags an ALB no alarm watches', () => expectFlagged(albOf(newStack()), id));
  test('passes an ALB watched by an alarm in the monitoring stack', () => {
    const edge = newStack('Edge');
    const alb = albOf(edge);
    alarm(siblingStack(edge, 'Monitoring'), { dimensions: [{ name: 'LoadBalancer', value: alb.attrLoadBalancerFullName }] });
    expectNotFlagged(alb, id);
  });
  test('passes a firewall watched by its literal name', () => {
    const stack = newStack();
    const fw = new nfw.CfnFirewall(stack, 'Firewall', {
      firewallName: 'hardened-inspection',
      firewallPolicyArn: 'arn:aws:network-firewall:ap-northeast-1:111111111111:firewall-policy/p',
      vpcId: 'vpc-1',
      subnetMappings: [{ subnetId: 'subnet-1' }],
    });
    alarm(stack, { namespace: 'AWS/NetworkFirewall', metricName: 'DroppedPackets', dimensions: [{ name: 'FirewallName', value: 'hardened-inspection' }] });
    expectNotFlagged(fw, id);
  });
});

describe('MON-2 PublicEndpointProbedByCanary', () => {
  const id = 'Hardened-MON-2-PublicEndpointProbedByCanary';
  const canary = (stack: Stack, expression: string) =>
    new synthetics.CfnCanary(stack, 'Probe', {
      name: 'probe',
      artifactS3Location: 's3://artifacts',
      executionRoleArn: 'arn:aws:iam::111111111111:role/canary',
      runtimeVersion: 'syn-nodejs-puppeteer-9.1',
      schedule: { expression },
      code: { handler: 'index.handler', script: 'exports.handler = async () => {};' },
    });
  test('flags a public ALB without a canary', () => expectFlagged(albOf(newStack()), id));
  test('flags a canary that runs only once', () => {
    const stack = newStack();
    canary(stack, 'rate(0 minute)');
    expectFlagged(albOf(stack), id);
  });
  test('passes a canary every minute', () => {
    const stack = newStack();
    canary(stack, 'rate(1 minute)');
    expectNotFlagged(albOf(stack), id);
  });
});

const VISIBILITY = { cloudWatchMetricsEnabled: true, metricName: 'm', sampledRequestsEnabled: true };

/** The response path: IP set, blocker function allowed to update `resources`, GuardDuty rule to it. */
function responsePath(stack: Stack, opts: { resources?: (ipSet: wafv2.CfnIPSet) => string[]; deadLetter?: boolean; source?: string; detailType?: string } = {}) {
  const ipSet = new wafv2.CfnIPSet(stack, 'Blocked', { scope: 'REGIONAL', ipAddressVersion: 'IPV4', addresses: [] });
  const blocker = new lambda.Function(stack, 'Blocker', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  blocker.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['wafv2:GetIPSet', 'wafv2:UpdateIPSet'], resources: opts.resources ? opts.resources(ipSet) : [ipSet.attrArn] }),
  );
  const rule = new events.CfnRule(stack, 'Findings', {
    eventPattern: { source: [opts.source ?? 'aws.guardduty'], 'detail-type': [opts.detailType ?? 'GuardDuty Finding'] },
    targets: [
      {
        id: 'blocker',
        arn: blocker.functionArn,
        deadLetterConfig: opts.deadLetter === false ? undefined : { arn: new sqs.Queue(stack, 'Dlq').queueArn },
      },
    ],
  });
  return { ipSet, blocker, rule };
}

function webAcl(stack: Stack, blockedIpSet?: wafv2.CfnIPSet) {
  const rules: wafv2.CfnWebACL.RuleProperty[] = blockedIpSet
    ? [{ name: 'blocked', priority: 0, action: { block: {} }, visibilityConfig: VISIBILITY, statement: { ipSetReferenceStatement: { arn: blockedIpSet.attrArn } } }]
    : [];
  return new wafv2.CfnWebACL(stack, 'Acl', { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: VISIBILITY, rules });
}

describe('MON-3 GuardDutyFindingsTriggerResponse', () => {
  const id = 'Hardened-MON-3-GuardDutyFindingsTriggerResponse';
  test('flags a web ACL when no rule routes GuardDuty findings', () => expectFlagged(webAcl(newStack()), id));
  test('flags a rule on another source', () => {
    const stack = newStack();
    responsePath(stack, { source: 'aws.securityhub' });
    expectFlagged(webAcl(stack), id);
  });
  test('passes GuardDuty findings routed to a function in another stack', () => {
    const edge = newStack('Edge');
    responsePath(siblingStack(edge, 'Threat'));
    expectNotFlagged(webAcl(edge), id);
  });
});

describe('MON-3 GuardDutyResponseHasDeadLetterQueue', () => {
  const id = 'Hardened-MON-3-GuardDutyResponseHasDeadLetterQueue';
  test('flags a function target without a dead-letter queue', () => expectFlagged(responsePath(newStack(), { deadLetter: false }).rule, id));
  test('passes a function target with a dead-letter queue', () => expectNotFlagged(responsePath(newStack()).rule, id));
});

describe('MON-3/MON-4: GuardDuty events other than findings are no findings response', () => {
  const scanResults = { detailType: 'GuardDuty Malware Protection Object Scan Result', resources: () => ['*'], deadLetter: false };
  test('a rule on Malware Protection scan results is not judged as a findings rule', () => {
    const path = responsePath(newStack(), scanResults);
    expectNotFlagged(path.rule, 'Hardened-MON-3-GuardDutyResponseHasDeadLetterQueue');
    expectNotFlagged(path.blocker, 'Hardened-MON-4-BlockerScopedToIpSets');
  });
  test('and does not count as the automated response of a web ACL', () => {
    const stack = newStack();
    responsePath(stack, scanResults);
    expectFlagged(webAcl(stack), 'Hardened-MON-3-GuardDutyFindingsTriggerResponse');
  });
});

describe('MON-4 BlockerScopedToIpSets', () => {
  const id = 'Hardened-MON-4-BlockerScopedToIpSets';
  test('flags a blocker allowed to update every IP set', () => expectFlagged(responsePath(newStack(), { resources: () => ['*'] }).blocker, id));
  test('passes a blocker scoped to its IP set', () => expectNotFlagged(responsePath(newStack()).blocker, id));
  test('does not apply to other functions', () => {
    const fn = new lambda.Function(newStack(), 'Other', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    expectNotFlagged(fn, id);
  });
});

describe('MON-4 WebAclBlocksResponderIpSet', () => {
  const id = 'Hardened-MON-4-WebAclBlocksResponderIpSet';
  test('flags a web ACL that does not block the blocker’s IP set', () => {
    const stack = newStack();
    responsePath(stack);
    expectFlagged(webAcl(stack), id);
  });
  test('passes a web ACL blocking the IP set the blocker maintains', () => {
    const stack = newStack();
    const { ipSet } = responsePath(stack);
    expectNotFlagged(webAcl(stack, ipSet), id);
  });
});

describe('MON-5 AvailabilitySloAlarmExists', () => {
  const id = 'Hardened-MON-5-AvailabilitySloAlarmExists';
  test('flags a public ALB watched only by a plain alarm', () => {
    const stack = newStack();
    const alb = albOf(stack);
    alarm(stack, { dimensions: [{ name: 'LoadBalancer', value: alb.attrLoadBalancerFullName }] });
    expectFlagged(alb, id);
  });
  test('passes a metric-math availability alarm on the ALB', () => {
    const stack = newStack();
    const alb = albOf(stack);
    const stat = (metricName: string, returnId: string) => ({
      id: returnId,
      returnData: false,
      metricStat: { metric: { namespace: 'AWS/ApplicationELB', metricName, dimensions: [{ name: 'LoadBalancer', value: alb.attrLoadBalancerFullName }] }, period: 60, stat: 'Sum' },
    });
    alarm(stack, {
      namespace: undefined,
      metricName: undefined,
      statistic: undefined,
      period: undefined,
      threshold: 0.999,
      comparisonOperator: 'LessThanThreshold',
      metrics: [{ id: 'availability', expression: '1 - errors / requests', returnData: true }, stat('HTTPCode_Target_5XX_Count', 'errors'), stat('RequestCount', 'requests')],
    });
    expectNotFlagged(alb, id);
  });
});

describe('MON-5 AvailabilityDashboardExists', () => {
  const id = 'Hardened-MON-5-AvailabilityDashboardExists';
  test('flags a public ALB on no dashboard', () => expectFlagged(albOf(newStack()), id));
  test('passes an ALB charted on a dashboard', () => {
    const stack = newStack();
    const alb = albOf(stack);
    const dashboard = new cloudwatch.Dashboard(stack, 'Availability');
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        left: [new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensionsMap: { LoadBalancer: alb.attrLoadBalancerFullName } })],
      }),
    );
    expectNotFlagged(alb, id);
  });
});

describe('MON-1 LivenessAlarmTreatsMissingDataAsBreaching', () => {
  const id = 'Hardened-MON-1-LivenessAlarmTreatsMissingDataAsBreaching';
  const healthy = (treatMissingData: string) =>
    alarm(newStack(), { metricName: 'HealthyHostCount', statistic: 'Minimum', comparisonOperator: 'LessThanThreshold', threshold: 1, treatMissingData });
  test('flags a healthy-host alarm that treats missing data as not breaching', () => expectFlagged(healthy('notBreaching'), id));
  test('flags a firewall packet alarm in metric math that ignores missing data', () => {
    const a = new cloudwatch.CfnAlarm(newStack(), 'Silent', {
      evaluationPeriods: 3,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'ignore',
      metrics: [
        { id: 'e', expression: 'SUM([r0])', returnData: true },
        { id: 'r0', returnData: false, metricStat: { metric: { namespace: 'AWS/NetworkFirewall', metricName: 'ReceivedPackets' }, period: 60, stat: 'Sum' } },
      ],
    });
    expectFlagged(a, id);
  });
  test('passes a healthy-host alarm breaching on missing data', () => expectNotFlagged(healthy('breaching'), id));
  test('passes (not applicable) a 5xx alarm that treats missing data as not breaching', () => expectNotFlagged(alarm(newStack()), id));
});

/** An ALB, an ECS service and a primary database, with whatever alarms `add` makes. */
function workloads(add: (stack: Stack, t: { alb: elbv2.CfnLoadBalancer; service: cdkEcs.CfnService; db: rds.CfnDBInstance }) => void) {
  const stack = newStack();
  const alb = albOf(stack);
  const service = new cdkEcs.CfnService(stack, 'Service', { cluster: 'c', launchType: 'FARGATE', desiredCount: 2, taskDefinition: 'td' });
  const db = new rds.CfnDBInstance(stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro', dbInstanceIdentifier: 'app-db' });
  add(stack, { alb, service, db });
  return { alb, service, db };
}

/** The RDS heartbeat: DatabaseConnections counted by SampleCount, firing low, missing data breaching. */
const rdsHeartbeat = (stack: Stack, db: rds.CfnDBInstance, props: Partial<cloudwatch.CfnAlarmProps> = {}) =>
  alarm(stack, {
    namespace: 'AWS/RDS',
    metricName: 'DatabaseConnections',
    statistic: 'SampleCount',
    comparisonOperator: 'LessThanThreshold',
    threshold: 1,
    treatMissingData: 'breaching',
    dimensions: [{ name: 'DBInstanceIdentifier', value: db.ref }],
    ...props,
  });

/** An EventBridge rule on the RDS instance events of `app-db`, with a target. */
const rdsInstanceEvents = (stack: Stack) =>
  new events.CfnRule(stack, 'DbEvents', {
    eventPattern: { source: ['aws.rds'], 'detail-type': ['RDS DB Instance Event'], detail: { SourceIdentifier: ['app-db'] } },
    targets: [{ id: 't', arn: 'arn:aws:sns:ap-northeast-1:111111111111:alarms' }],
  });

describe('MON-2 AlbAlarmsOnNoHealthyTargets', () => {
  const id = 'Hardened-MON-2-AlbAlarmsOnNoHealthyTargets';
  test('flags an ALB watched only by a 5xx alarm', () => {
    const { alb } = workloads((stack, t) => alarm(stack, { dimensions: [{ name: 'LoadBalancer', value: t.alb.attrLoadBalancerFullName }] }));
    expectFlagged(alb, id);
  });
  test('passes an ALB with a low-healthy-host alarm', () => {
    const { alb } = workloads((stack, t) =>
      alarm(stack, { metricName: 'HealthyHostCount', comparisonOperator: 'LessThanThreshold', threshold: 1, dimensions: [{ name: 'LoadBalancer', value: t.alb.attrLoadBalancerFullName }] }),
    );
    expectNotFlagged(alb, id);
  });
});

describe('MON-2 ServiceAlarmsOnTasksShort', () => {
  const id = 'Hardened-MON-2-ServiceAlarmsOnTasksShort';
  test('flags a service watched only by a CPU alarm', () => {
    const { service } = workloads((stack, t) => alarm(stack, { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: [{ name: 'ServiceName', value: t.service.attrName }] }));
    expectFlagged(service, id);
  });
  test('passes a service with a running-task alarm', () => {
    const { service } = workloads((stack, t) =>
      alarm(stack, {
        namespace: 'ECS/ContainerInsights',
        metricName: 'RunningTaskCount',
        comparisonOperator: 'LessThanThreshold',
        threshold: 2,
        dimensions: [{ name: 'ServiceName', value: t.service.attrName }],
      }),
    );
    expectNotFlagged(service, id);
  });
});

describe('MON-2 DatabaseAlarmsWhenDown', () => {
  const id = 'Hardened-MON-2-DatabaseAlarmsWhenDown';
  test('flags a database watched only by a CPU alarm', () => {
    const { db } = workloads((stack, t) => alarm(stack, { namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: [{ name: 'DBInstanceIdentifier', value: t.db.ref }] }));
    expectFlagged(db, id);
  });
  test('flags a heartbeat alarm that does not breach on missing data', () => {
    const { db } = workloads((stack, t) => rdsHeartbeat(stack, t.db, { treatMissingData: 'notBreaching' }));
    expectFlagged(db, id);
  });
  test('passes a heartbeat (SampleCount) alarm breaching on missing data', () => {
    const { db } = workloads((stack, t) => rdsHeartbeat(stack, t.db));
    expectNotFlagged(db, id);
  });
  test('passes an RDS instance-event rule naming the instance, with a target', () => {
    const { db } = workloads((stack) => rdsInstanceEvents(stack));
    expectNotFlagged(db, id);
  });
});

describe('MON-2 DatabaseConnectionsProbed', () => {
  const id = 'Hardened-MON-2-DatabaseConnectionsProbed';
  const probeAlarm = (stack: Stack, db: rds.CfnDBInstance, props: Partial<cloudwatch.CfnAlarmProps> = {}) =>
    alarm(stack, {
      namespace: 'HardenedStack/DatabaseProbe',
      metricName: 'DatabaseReachable',
      statistic: 'Minimum',
      evaluationPeriods: 1,
      comparisonOperator: 'LessThanThreshold',
      threshold: 1,
      treatMissingData: 'breaching',
      dimensions: [{ name: 'DBInstanceIdentifier', value: db.ref }],
      ...props,
    });
  test('flags a database watched by RDS signals only (a heartbeat alarm, instance events): both stay quiet while it refuses sessions', () => {
    const { db } = workloads((stack, t) => {
      rdsHeartbeat(stack, t.db);
      rdsInstanceEvents(stack);
    });
    expectFlagged(db, id);
  });
  test('flags a probe alarm that ignores a silent probe, one that fires high, and one on another instance', () => {
    expectFlagged(workloads((stack, t) => probeAlarm(stack, t.db, { treatMissingData: 'notBreaching' })).db, id);
    expectFlagged(workloads((stack, t) => probeAlarm(stack, t.db, { comparisonOperator: 'GreaterThanThreshold' })).db, id);
    expectFlagged(workloads((stack) => probeAlarm(stack, new rds.CfnDBInstance(stack, 'Other', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro' }))).db, id);
  });
  test('passes an alarm on the probe metric naming the instance (by reference or by its identifier)', () => {
    expectNotFlagged(workloads((stack, t) => probeAlarm(stack, t.db)).db, id);
    expectNotFlagged(workloads((stack) => probeAlarm(stack, { ref: 'app-db' } as rds.CfnDBInstance)).db, id);
  });
});

describe('MON-2 PublicEndpointAlarmsWhenUnreachable', () => {
  const id = 'Hardened-MON-2-PublicEndpointAlarmsWhenUnreachable';
  const withCanary = (alarmed: boolean) => {
    const stack = newStack();
    const probe = new synthetics.CfnCanary(stack, 'Probe', {
      name: 'probe',
      artifactS3Location: 's3://artifacts',
      executionRoleArn: 'arn:aws:iam::111111111111:role/canary',
      runtimeVersion: 'syn-nodejs-puppeteer-9.1',
      schedule: { expression: 'rate(1 minute)' },
      code: { handler: 'index.handler', script: 'exports.handler = async () => {};' },
    });
    if (alarmed) {
      alarm(stack, { namespace: 'CloudWatchSynthetics', metricName: 'SuccessPercent', comparisonOperator: 'LessThanThreshold', threshold: 90, dimensions: [{ name: 'CanaryName', value: probe.ref }] });
    }
    return albOf(stack);
  };
  test('flags a canary nobody alarms on', () => expectFlagged(withCanary(false), id));
  test('passes a canary with a success alarm', () => expectNotFlagged(withCanary(true), id));
});

describe('MON-3 GuardDutyDetectorCoversWorkloads', () => {
  const id = 'Hardened-MON-3-GuardDutyDetectorCoversWorkloads';
  const FULL = [
    { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }] },
    { name: 'RDS_LOGIN_EVENTS', status: 'ENABLED' },
    { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
  ];
  const detector = (enable: boolean, features: guardduty.CfnDetector.CFNFeatureConfigurationProperty[]) => {
    let d: guardduty.CfnDetector | undefined;
    workloads((stack) => {
      d = new guardduty.CfnDetector(stack, 'Detector', { enable, features });
    });
    return d!;
  };
  test('flags a disabled detector', () => expectFlagged(detector(false, FULL), id));
  test('flags runtime monitoring without Fargate agent management next to a Fargate service', () =>
    expectFlagged(detector(true, [{ name: 'RUNTIME_MONITORING', status: 'ENABLED' }, FULL[1], FULL[2]]), id));
  test('flags a detector without RDS login events next to a database', () => expectFlagged(detector(true, [FULL[0], FULL[2]]), id));
  test('passes an enabled detector with every feature the workloads need', () => expectNotFlagged(detector(true, FULL), id));
});

describe('MON-1 LivenessAlarmTreatsMissingDataAsBreaching: a silence alarm on the same component', () => {
  const id = 'Hardened-MON-1-LivenessAlarmTreatsMissingDataAsBreaching';
  const tasks = (stack: Stack, id: string, metricName: string, treatMissingData: string, service = 'app') =>
    alarm(
      stack,
      { namespace: 'ECS/ContainerInsights', metricName, statistic: 'Minimum', comparisonOperator: 'LessThanThreshold', threshold: 2, treatMissingData, dimensions: [{ name: 'ServiceName', value: service }] },
      id,
    );
  test('passes a not-breaching running-task alarm next to a breaching silence alarm on the same service', () => {
    const stack = newStack();
    tasks(stack, 'Silence', 'DesiredTaskCount', 'breaching');
    expectNotFlagged(tasks(stack, 'TasksShort', 'RunningTaskCount', 'notBreaching'), id);
  });
  test('flags it when the silence alarm watches another service', () => {
    const stack = newStack();
    tasks(stack, 'Silence', 'DesiredTaskCount', 'breaching', 'other');
    expectFlagged(tasks(stack, 'TasksShort', 'RunningTaskCount', 'notBreaching'), id);
  });
});
