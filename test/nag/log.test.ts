import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { expectFlagged, expectNotFlagged, newStack, siblingStack } from './nag-test-helpers';

function lockedBucket(stack: Stack, id: string, days: number) {
  return new s3.Bucket(stack, id, {
    objectLockEnabled: true,
    objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(days)),
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

function firewall(stack: Stack) {
  return new nfw.CfnFirewall(stack, 'Firewall', {
    firewallName: 'fw',
    firewallPolicyArn: 'arn:aws:network-firewall:ap-northeast-1:111111111111:firewall-policy/p',
    vpcId: 'vpc-1',
    subnetMappings: [{ subnetId: 'subnet-1' }],
  });
}

function logFirewallTo(stack: Stack, fw: nfw.CfnFirewall, destinations: nfw.CfnLoggingConfiguration.LogDestinationConfigProperty[]) {
  return new nfw.CfnLoggingConfiguration(stack, 'FirewallLogging', {
    firewallArn: fw.attrFirewallArn,
    loggingConfiguration: { logDestinationConfigs: destinations },
  });
}

describe('LOG-1 FirewallLogsAlertAndFlow', () => {
  const id = 'Hardened-LOG-1-FirewallLogsAlertAndFlow';
  test('flags a firewall that logs only alerts', () => {
    const stack = newStack();
    const fw = firewall(stack);
    logFirewallTo(stack, fw, [{ logType: 'ALERT', logDestinationType: 'S3', logDestination: { bucketName: 'b' } }]);
    expectFlagged(fw, id);
  });
  test('flags a firewall without logging', () => expectFlagged(firewall(newStack()), id));
  test('passes a firewall logging ALERT and FLOW', () => {
    const stack = newStack();
    const fw = firewall(stack);
    logFirewallTo(
      stack,
      fw,
      ['ALERT', 'FLOW'].map((logType) => ({ logType, logDestinationType: 'S3', logDestination: { bucketName: 'b' } })),
    );
    expectNotFlagged(fw, id);
  });
});

describe('LOG-1 FirewallLogsRetainedThreeYears', () => {
  const id = 'Hardened-LOG-1-FirewallLogsRetainedThreeYears';
  test('flags logs sent to a bucket locked for one year', () => {
    const stack = newStack();
    const fw = firewall(stack);
    const bucket = lockedBucket(stack, 'Archive', 365);
    logFirewallTo(stack, fw, [{ logType: 'ALERT', logDestinationType: 'S3', logDestination: { bucketName: bucket.bucketName } }]);
    expectFlagged(fw, id);
  });
  test('flags logs sent to a log group kept one year', () => {
    const stack = newStack();
    const fw = firewall(stack);
    const group = new logs.LogGroup(stack, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR });
    logFirewallTo(stack, fw, [{ logType: 'FLOW', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: group.logGroupName } }]);
    expectFlagged(fw, id);
  });
  test('passes logs sent to an archive bucket in another stack locked for 1096 days, and a log group kept 1096 days', () => {
    const audit = newStack('Audit');
    const bucket = lockedBucket(audit, 'Archive', 1096);
    const stack = siblingStack(audit, 'Net');
    const fw = firewall(stack);
    const group = new logs.LogGroup(stack, 'FlowLogs', { retention: logs.RetentionDays.THREE_YEARS });
    logFirewallTo(stack, fw, [
      { logType: 'ALERT', logDestinationType: 'S3', logDestination: { bucketName: bucket.bucketName } },
      { logType: 'FLOW', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: group.logGroupName } },
    ]);
    expectNotFlagged(fw, id);
  });
});

describe('LOG-1 FirewallAlertsSearchableInCloudWatch', () => {
  const id = 'Hardened-LOG-1-FirewallAlertsSearchableInCloudWatch';
  const ALERTS = 'nfw/AWSLogs/111111111111/network-firewall/alert/ap-northeast-1/fw/';

  /** ALERT logs to a locked archive in an audit stack, copied (or not) by a rule and a function in the firewall's stack. */
  function alertsToS3(o: { events?: 'bucket' | 'custom-resource' | 'none'; keyPrefix?: string; copyRetention?: logs.RetentionDays; copy?: boolean } = {}) {
    const audit = newStack('Audit');
    const bucket = new s3.Bucket(audit, 'Archive', { eventBridgeEnabled: o.events === 'custom-resource' });
    if ((o.events ?? 'bucket') === 'bucket') {
      (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    }
    const stack = siblingStack(audit, 'Net');
    const fw = firewall(stack);
    logFirewallTo(stack, fw, [{ logType: 'ALERT', logDestinationType: 'S3', logDestination: { bucketName: bucket.bucketName, prefix: 'nfw' } }]);
    if (o.copy ?? true) {
      const group = new logs.LogGroup(stack, 'Alerts', { retention: o.copyRetention ?? logs.RetentionDays.THREE_YEARS });
      const fn = new lambda.CfnFunction(stack, 'Copy', {
        role: 'arn:aws:iam::111111111111:role/copy',
        code: { zipFile: 'exports.handler = async () => {};' },
        environment: { variables: { LOG_GROUP_NAME: group.logGroupName } },
      });
      new events.CfnRule(stack, 'AlertObjects', {
        eventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: [bucket.bucketName] }, object: { key: [{ prefix: o.keyPrefix ?? ALERTS }] } } },
        targets: [{ id: 'copy', arn: fn.attrArn }],
      });
    }
    return fw;
  }

  test('flags ALERT logs sent to S3 and copied nowhere', () => expectFlagged(alertsToS3({ copy: false }), id));
  test('flags a copy whose rule also matches the FLOW objects', () => expectFlagged(alertsToS3({ keyPrefix: 'nfw/AWSLogs/' }), id));
  test('flags a copy from a bucket that sends no events to EventBridge', () => expectFlagged(alertsToS3({ events: 'none' }), id));
  test('flags a copy into a log group kept one year', () => expectFlagged(alertsToS3({ copyRetention: logs.RetentionDays.ONE_YEAR }), id));
  test('passes ALERT logs copied from the archive of another stack to a log group kept 1096 days', () => expectNotFlagged(alertsToS3(), id));
  test("passes a bucket whose EventBridge switch is CDK's custom resource", () => expectNotFlagged(alertsToS3({ events: 'custom-resource' }), id));
  test('passes ALERT logs delivered to a log group kept 1096 days', () => {
    const stack = newStack();
    const fw = firewall(stack);
    const group = new logs.LogGroup(stack, 'Alerts', { retention: logs.RetentionDays.THREE_YEARS });
    logFirewallTo(stack, fw, [{ logType: 'ALERT', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: group.logGroupName } }]);
    expectNotFlagged(fw, id);
  });
});

describe('LOG-1 SecurityLogGroupRetainedThreeYears', () => {
  const id = 'Hardened-LOG-1-SecurityLogGroupRetainedThreeYears';
  test('flags a WAF log group kept one year', () => {
    const group = new logs.LogGroup(newStack(), 'Waf', { logGroupName: 'aws-waf-logs-site', retention: logs.RetentionDays.ONE_YEAR });
    expectFlagged(group, id);
  });
  test('flags an unnamed firewall log group kept one month (by construct path)', () => {
    expectFlagged(new logs.LogGroup(newStack(), 'FirewallAlerts', { retention: logs.RetentionDays.ONE_MONTH }), id);
  });
  test('passes a CloudTrail log group kept three years', () => {
    const group = new logs.LogGroup(newStack(), 'Trail', { logGroupName: '/hardened/cloudtrail', retention: logs.RetentionDays.THREE_YEARS });
    expectNotFlagged(group, id);
  });
  test('does not apply to application log groups', () => {
    expectNotFlagged(new logs.LogGroup(newStack(), 'App', { retention: logs.RetentionDays.ONE_WEEK }), id);
  });
});

function trail(stack: Stack, bucket: s3.IBucket, props: Partial<cloudtrail.TrailProps> = {}) {
  return new cloudtrail.Trail(stack, 'Trail', {
    bucket,
    isMultiRegionTrail: true,
    enableFileValidation: true,
    encryptionKey: new kms.Key(stack, 'TrailKey', { enableKeyRotation: true }),
    ...props,
  });
}

describe('LOG-2 TrailMultiRegionValidatedEncrypted', () => {
  const id = 'Hardened-LOG-2-TrailMultiRegionValidatedEncrypted';
  test('flags a single-region trail', () => {
    const stack = newStack();
    expectFlagged(trail(stack, lockedBucket(stack, 'Archive', 1096), { isMultiRegionTrail: false }), id);
  });
  test('flags an unencrypted trail', () => {
    const stack = newStack();
    expectFlagged(trail(stack, lockedBucket(stack, 'Archive', 1096), { encryptionKey: undefined }), id);
  });
  test('passes a multi-region, validated, encrypted trail', () => {
    const stack = newStack();
    expectNotFlagged(trail(stack, lockedBucket(stack, 'Archive', 1096)), id);
  });
});

describe('LOG-2 TrailDeliversToLockedArchive', () => {
  const id = 'Hardened-LOG-2-TrailDeliversToLockedArchive';
  test('flags a trail delivering to a bucket without Object Lock', () => {
    const stack = newStack();
    expectFlagged(trail(stack, new s3.Bucket(stack, 'Plain')), id);
  });
  test('passes a trail delivering to the locked archive of another stack', () => {
    const audit = newStack('Audit');
    const bucket = lockedBucket(audit, 'Archive', 1096);
    expectNotFlagged(trail(siblingStack(audit, 'Trail'), bucket), id);
  });
});

const VISIBILITY = { cloudWatchMetricsEnabled: true, metricName: 'm', sampledRequestsEnabled: true };

function webAcl(stack: Stack) {
  return new wafv2.CfnWebACL(stack, 'Acl', { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: VISIBILITY });
}

function wafLogging(stack: Stack, acl: wafv2.CfnWebACL, group: logs.LogGroup, props: Partial<wafv2.CfnLoggingConfigurationProps> = {}) {
  return new wafv2.CfnLoggingConfiguration(stack, 'WafLogging', {
    resourceArn: acl.attrArn,
    logDestinationConfigs: [group.logGroupArn],
    redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    ...props,
  });
}

describe('LOG-3 WebAclLogged', () => {
  const id = 'Hardened-LOG-3-WebAclLogged';
  test('flags a web ACL without logging', () => expectFlagged(webAcl(newStack()), id));
  test('flags logging to a log group not named aws-waf-logs-', () => {
    const stack = newStack();
    const acl = webAcl(stack);
    wafLogging(stack, acl, new logs.LogGroup(stack, 'Waf', { logGroupName: 'waf', retention: logs.RetentionDays.THREE_YEARS }));
    expectFlagged(acl, id);
  });
  test('flags a logging filter that drops by default', () => {
    const stack = newStack();
    const acl = webAcl(stack);
    const group = new logs.LogGroup(stack, 'Waf', { logGroupName: 'aws-waf-logs-site', retention: logs.RetentionDays.THREE_YEARS });
    wafLogging(stack, acl, group, {
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
      },
    });
    expectFlagged(acl, id);
  });
  test('passes logging to an aws-waf-logs- log group kept three years', () => {
    const stack = newStack();
    const acl = webAcl(stack);
    wafLogging(stack, acl, new logs.LogGroup(stack, 'Waf', { logGroupName: 'aws-waf-logs-site', retention: logs.RetentionDays.THREE_YEARS }));
    expectNotFlagged(acl, id);
  });
});

describe('LOG-3 WebAclLogsRedactSecrets', () => {
  const id = 'Hardened-LOG-3-WebAclLogsRedactSecrets';
  const build = (redactedFields: wafv2.CfnLoggingConfiguration.FieldToMatchProperty[]) => {
    const stack = newStack();
    const acl = webAcl(stack);
    const group = new logs.LogGroup(stack, 'Waf', { logGroupName: 'aws-waf-logs-site', retention: logs.RetentionDays.THREE_YEARS });
    wafLogging(stack, acl, group, { redactedFields });
    return acl;
  };
  test('flags logging that keeps cookies', () => expectFlagged(build([{ singleHeader: { Name: 'authorization' } }]), id));
  test('passes logging that redacts authorization and cookie', () => {
    expectNotFlagged(build([{ singleHeader: { Name: 'Authorization' } }, { singleHeader: { Name: 'cookie' } }]), id);
  });
});

describe('LOG-3 AlbAccessAndConnectionLogsEnabled', () => {
  const id = 'Hardened-LOG-3-AlbAccessAndConnectionLogsEnabled';
  const alb = (attributes: Record<string, string>) =>
    new elbv2.CfnLoadBalancer(newStack(), 'Alb', {
      subnets: ['subnet-1', 'subnet-2'],
      loadBalancerAttributes: Object.entries(attributes).map(([key, value]) => ({ key, value })),
    });
  test('flags an ALB without connection logs', () => expectFlagged(alb({ 'access_logs.s3.enabled': 'true' }), id));
  test('passes an ALB with access and connection logs', () => {
    expectNotFlagged(alb({ 'access_logs.s3.enabled': 'true', 'connection_logs.s3.enabled': 'true' }), id);
  });
  test('does not apply to a network load balancer', () => {
    expectNotFlagged(new elbv2.CfnLoadBalancer(newStack(), 'Nlb', { type: 'network', subnets: ['subnet-1'] }), id);
  });
});

describe('LOG-4 VpcFlowLogsCaptureAll', () => {
  const id = 'Hardened-LOG-4-VpcFlowLogsCaptureAll';
  test('flags a VPC without flow logs', () => expectFlagged(new ec2.CfnVPC(newStack(), 'Vpc', { cidrBlock: '10.0.0.0/16' }), id));
  test('flags a VPC whose flow log captures only rejected traffic', () => {
    const stack = newStack();
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    new ec2.CfnFlowLog(stack, 'Flow', { resourceId: vpc.ref, resourceType: 'VPC', trafficType: 'REJECT', logDestinationType: 's3', logDestination: 'arn:aws:s3:::b' });
    expectFlagged(vpc, id);
  });
  test('passes a VPC with a flow log of all traffic', () => {
    const stack = newStack();
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    new ec2.CfnFlowLog(stack, 'Flow', { resourceId: vpc.ref, resourceType: 'VPC', trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::b' });
    expectNotFlagged(vpc, id);
  });
});
