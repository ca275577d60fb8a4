import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { resourcesOfType, templateJson } from '../support/assembly';

// LOG-1: the firewall's ALERT logs searchable in CloudWatch Logs for 1096 days, copied from the
// locked archive (which stays their record) by S3 → EventBridge → function → log group.
const net = () => templateJson('Network');
const audit = () => templateJson('Audit');

const one = (tpl: any, type: string, where: (r: any) => boolean = () => true) => {
  const found = resourcesOfType(tpl, type).filter(([, r]) => where(r));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0];
};
const copyFunction = () => one(net(), 'AWS::Lambda::Function', (f) => f.Properties.Environment?.Variables?.ALERT_KEY_PREFIX !== undefined);
/** The audit-stack value a network-stack reference stands for (CDK's cross-stack output). */
const auditValue = (ref: any) => audit().Outputs[ref['Fn::GetStackOutput'].OutputName].Value;
const statements = (policy: any): any[] => policy.Properties.PolicyDocument.Statement;
const list = (x: unknown) => (Array.isArray(x) ? x : [x]);

/** The ALERT destination of the firewall's logging, and the prefix vended delivery writes ALERT objects under. */
function alertDestination() {
  const [, logging] = one(net(), 'AWS::NetworkFirewall::LoggingConfiguration');
  const alert = logging.Properties.LoggingConfiguration.LogDestinationConfigs.find((d: any) => d.LogType === 'ALERT');
  const firewallName = `${DEFAULT_CONFIG.projectName}-inspection`;
  const at = (type: string) => `${alert.LogDestination.prefix}/AWSLogs/${DEFAULT_CONFIG.account}/network-firewall/${type}/${DEFAULT_CONFIG.primaryRegion}/${firewallName}/`;
  return { alert, alertObjects: at('alert'), flowObjects: at('flow') };
}

describe('ALERT logs copied to CloudWatch Logs (LOG-1)', () => {
  test('the archive stays the ALERT destination and sends its object events to EventBridge, without a custom resource', () => {
    const { alert } = alertDestination();
    expect(alert.LogDestinationType).toBe('S3');
    const [archiveId, archive] = one(audit(), 'AWS::S3::Bucket', (b) => b.Properties.ObjectLockEnabled === true);
    expect(auditValue(alert.LogDestination.bucketName)).toEqual({ Ref: archiveId });
    expect(archive.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(resourcesOfType(audit(), 'Custom::S3BucketNotifications')).toEqual([]);
  });

  test('the rule matches Object Created of the archive under the ALERT prefix only, and hands it to the function with a dead-letter queue', () => {
    const { alert, alertObjects, flowObjects } = alertDestination();
    const [, rule] = one(net(), 'AWS::Events::Rule', (r) => r.Properties.EventPattern?.source?.includes('aws.s3'));
    const pattern = rule.Properties.EventPattern;
    expect(pattern['detail-type']).toEqual(['Object Created']);
    expect(pattern.detail.bucket.name).toEqual([alert.LogDestination.bucketName]);
    expect(pattern.detail.object.key).toEqual([{ prefix: alertObjects }]);
    expect(flowObjects.startsWith(alertObjects)).toBe(false);
    const [fnId] = copyFunction();
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, DeadLetterConfig: { Arn: expect.anything() } })]);
  });

  // Encryption, key policy and retain of the group are the building block's (test/core/encrypted-log-group.test.ts).
  test('the log group: the project\'s alerts group, kept 1096 days, is where the function writes', () => {
    const [groupId, group] = one(net(), 'AWS::Logs::LogGroup', (g) => g.Properties.LogGroupName === `/${DEFAULT_CONFIG.projectName}/network-firewall/alerts`);
    expect(group.Properties.RetentionInDays).toBe(1096);
    expect(copyFunction()[1].Properties.Environment.Variables.LOG_GROUP_NAME).toEqual({ Ref: groupId });
  });

  test('the function: app subnets, HTTPS-only egress, one at a time, dead letters, own log group kept 1096 days', () => {
    const [, fn] = copyFunction();
    const p = fn.Properties;
    const appSubnets = resourcesOfType(net(), 'AWS::EC2::Subnet')
      .filter(([, s]) => s.Properties.Tags.some((t: any) => t.Key === 'hardened:tier' && t.Value === 'app'))
      .map(([id]) => id);
    expect(p.VpcConfig.SubnetIds.map((s: any) => s.Ref).sort()).toEqual(appSubnets.sort());
    const sg = net().Resources[p.VpcConfig.SecurityGroupIds[0]['Fn::GetAtt'][0]];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress.map((e: any) => [e.IpProtocol, e.FromPort, e.ToPort])).toEqual([['tcp', 443, 443]]);
    // Runtime, architecture and tracing: test/core/hardened-function.test.ts.
    expect(p.ReservedConcurrentExecutions).toBe(1);
    expect(p.DeadLetterConfig.TargetArn).toBeDefined();
    expect(net().Resources[p.LoggingConfig.LogGroup.Ref].Properties.RetentionInDays).toBeGreaterThanOrEqual(1096);
  });

  test('least privilege: GetObject on the ALERT prefix only, Decrypt on the archive key through S3, logs on its two groups, no AWS-managed policy', () => {
    const { alertObjects } = alertDestination();
    const roleId = copyFunction()[1].Properties.Role['Fn::GetAtt'][0];
    const role = net().Resources[roleId];
    // The archive's reader policy (audit stack), attached through the stacks' output.
    const fromAudit = role.Properties.ManagedPolicyArns.filter((arn: any) => arn['Fn::GetStackOutput']);
    expect(fromAudit).toHaveLength(1);
    const [reader] = fromAudit.map(auditValue);
    const readerStatements = statements(audit().Resources[reader.Ref]);
    const [archiveId] = one(audit(), 'AWS::S3::Bucket', (b) => b.Properties.ObjectLockEnabled === true);
    const [archiveKeyId] = one(audit(), 'AWS::KMS::Key', (k) => JSON.stringify(k.Properties.KeyPolicy).includes('LogDeliveryEncrypt'));
    expect(readerStatements).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [archiveId, 'Arn'] }, `/${alertObjects}*`]] } },
      {
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [archiveKeyId, 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': `s3.${DEFAULT_CONFIG.primaryRegion}.amazonaws.com` } },
      },
    ]);
    // The function's own policy: nothing of S3, logs actions only on its log groups.
    const [, own] = one(net(), 'AWS::IAM::ManagedPolicy', (m) => JSON.stringify(m.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    const actions = statements(own).flatMap((s) => list(s.Action).map((a: string) => [a, s.Resource]));
    expect(actions.filter(([a]) => a.startsWith('s3:'))).toEqual([]);
    const logGroups = resourcesOfType(net(), 'AWS::Logs::LogGroup').map(([id]) => id);
    for (const [action, resource] of actions.filter(([a]) => a.startsWith('logs:'))) {
      expect([action, logGroups]).toEqual([action, expect.arrayContaining([resource['Fn::GetAtt'][0]])]);
    }
    expect(JSON.stringify(role.Properties)).not.toContain('arn:aws:iam::aws:policy');
  });
});
