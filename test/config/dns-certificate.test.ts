import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildEdge } from '../edge/support';
import { buildDataTier } from '../data/fixture';
import { loadFile } from './support';

// The configuration files of the README, loaded as `-c config=file.json` loads them, then built
// into the stacks they configure: what a user writes must synthesize, not only validate.

test('a DNS-validated certificate chosen in a file builds the Edge stack with a certificate validated in that zone', () => {
  const config = loadFile({
    edge: { authPattern: 1, certificate: { domainName: 'shop.acme-insurance.jp', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'acme-insurance.jp' } },
  });
  const { template } = buildEdge(config);
  template.hasResourceProperties('AWS::CertificateManager::Certificate', {
    DomainName: 'shop.acme-insurance.jp',
    ValidationMethod: 'DNS',
    DomainValidationOptions: [Match.objectLike({ DomainName: 'shop.acme-insurance.jp', HostedZoneId: 'Z0123456789ABCDEFGHIJ' })],
  });
  const [certificateId] = Object.keys(template.findResources('AWS::CertificateManager::Certificate'));
  template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Certificates: [{ CertificateArn: { Ref: certificateId } }] });
  // Nothing of the placeholder certificate is left in the template.
  expect(JSON.stringify(template.toJSON())).not.toContain('certificate/00000000-0000-0000-0000-000000000000');
});

test("a European time zone moves the AWS Backup schedule into it, at a local night hour two hours before RDS's window", () => {
  const config = loadFile({ timeZone: 'Europe/Berlin', data: { backupWindowUtc: '00:00-01:00' } });
  const { data } = buildDataTier(config);
  const plans = Object.values(Template.fromStack(data).findResources('AWS::Backup::BackupPlan'));
  expect(plans).toHaveLength(1);
  const [rule] = (plans[0] as { Properties: { BackupPlan: { BackupPlanRule: Record<string, unknown>[] } } }).Properties.BackupPlan.BackupPlanRule;
  expect(rule.ScheduleExpressionTimezone).toBe('Europe/Berlin');
  // 00:00 UTC is 01:00 CET: the plan starts at 23:00 local (22:00 UTC in winter, 21:00 UTC in summer).
  expect(rule.ScheduleExpression).toBe('cron(0 23 * * ? *)');
  expect(config.app.recycleTimeZone).toBe('Europe/Berlin');
});
