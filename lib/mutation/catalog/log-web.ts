/** LOG and WEB: evidence lost and the edge weakened the ways a hurried change would. */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';

import { HardenedStacks } from '../../hardened-app';
import { renderedProps as props } from '../../nag/engine/template-view';
import { list } from '../../nag/engine/values';
import { Mutation, l1, remove, theOne } from '../mutation';
import { deleteProperty, override, wafRuleEdited, wafRuleIndex, wafRuleRemoved, wafRuleToCount } from './edit';

const trail = (s: HardenedStacks) => theOne(s.audit, 'AWS::CloudTrail::Trail', 'the audit trail');
const alb = (s: HardenedStacks) => l1(s.edge.loadBalancer);
const https = (s: HardenedStacks) => l1(s.edge.httpsListener);
const http = (s: HardenedStacks) => theOne(s.edge, 'AWS::ElasticLoadBalancingV2::Listener', 'the HTTP listener', (r) => props(r).Protocol === 'HTTP');
const primaryFlowLog = (s: HardenedStacks) => theOne(s.network, 'AWS::EC2::FlowLog', 'the primary VPC flow log');
const drFlowLog = (s: HardenedStacks) => theOne(s.dr, 'AWS::EC2::FlowLog', 'the DR VPC flow log');

export const LOG_MUTATIONS: Mutation[] = [
  // LOG-1
  {
    id: 'firewall-flow-logs-dropped',
    control: 'LOG-1',
    change: 'The FLOW log destination removed from the firewall logging configuration to cut S3 costs.',
    apply: (s) => {
      const logging = s.network.firewall.logging;
      if (!list(props(logging).LoggingConfiguration?.LogDestinationConfigs).some((d) => d.LogType === 'FLOW')) throw new Error('no FLOW destination');
      const cfg = logging.loggingConfiguration as nfw.CfnLoggingConfiguration.LoggingConfigurationProperty;
      const configs = list(cfg.logDestinationConfigs) as nfw.CfnLoggingConfiguration.LogDestinationConfigProperty[];
      const kept = configs.filter((d) => d.logType !== 'FLOW').map((d) => ({ LogDestination: d.logDestination, LogDestinationType: d.logDestinationType, LogType: d.logType }));
      return override(logging, 'LoggingConfiguration.LogDestinationConfigs', kept);
    },
    findingOn: { target: (s) => s.network.firewall.firewall, why: 'the rule judges the firewall through its logging configuration' },
  },
  {
    id: 'archive-lock-one-year',
    control: 'LOG-1',
    change: 'Object Lock default retention of the log archive lowered to 365 days ("a year is plenty").',
    apply: (s) => override(l1(s.audit.logArchive.bucket), 'ObjectLockConfiguration.Rule.DefaultRetention', { Mode: 'GOVERNANCE', Days: 365 }),
    findingOn: { target: (s) => s.network.firewall.firewall, why: 'the firewall is what no longer keeps its logs three years' },
  },
  {
    id: 'alert-log-group-90-days',
    control: 'LOG-1',
    change: 'The searchable firewall alert log group set to 90-day retention, like the application logs.',
    apply: (s) => override(theOne(s.network.alertCopy, 'AWS::Logs::LogGroup', 'the alert log group', (r) => !/Function/.test(r.node.path)), 'RetentionInDays', 90),
  },
  {
    id: 'alert-copy-rule-disabled',
    control: 'LOG-1',
    change: 'The rule copying ALERT objects to CloudWatch Logs disabled while a failing copy function was debugged.',
    apply: (s) => override(theOne(s.network.alertCopy, 'AWS::Events::Rule', 'the alert copy rule'), 'State', 'DISABLED'),
    findingOn: { target: (s) => s.network.firewall.firewall, why: 'the firewall is what loses its searchable alerts' },
  },
  // LOG-2
  {
    id: 'trail-single-region',
    control: 'LOG-2',
    change: 'IsMultiRegionTrail false, copied from a single-region sample.',
    apply: (s) => override(trail(s), 'IsMultiRegionTrail', false),
  },
  {
    id: 'trail-validation-off',
    control: 'LOG-2',
    change: 'Log-file validation switched off to "save digest files".',
    apply: (s) => override(trail(s), 'EnableLogFileValidation', false),
  },
  {
    id: 'trail-to-access-log-bucket',
    control: 'LOG-2',
    change: 'The trail pointed at the access-log bucket (no Object Lock) to keep all logs in one place.',
    apply: (s) => override(trail(s), 'S3BucketName', s.audit.accessLogs.bucket.bucketName),
  },
  {
    id: 'trail-kms-removed',
    control: 'LOG-2',
    change: 'The trail KMS key removed after a key-policy error during deployment.',
    apply: (s) => deleteProperty(trail(s), 'KMSKeyId'),
  },
  // LOG-3
  {
    id: 'waf-logging-removed',
    control: 'LOG-3',
    change: 'The WAF logging configuration deleted because the log group "costs too much".',
    apply: (s) => remove(theOne(s.edge, 'AWS::WAFv2::LoggingConfiguration', 'WAF logging')),
    findingOn: { target: (s) => s.edge.webAcl, why: 'the web ACL is what is no longer logged' },
  },
  {
    id: 'waf-logs-keep-cookies',
    control: 'LOG-3',
    change: 'Cookie redaction removed from WAF logging to debug session problems.',
    apply: (s) => {
      const cfg = theOne(s.edge, 'AWS::WAFv2::LoggingConfiguration', 'WAF logging');
      return override(cfg, 'RedactedFields', [{ SingleHeader: { Name: 'authorization' } }]);
    },
    findingOn: { target: (s) => s.edge.webAcl, why: 'the rule judges the web ACL through its logging configuration' },
  },
  {
    id: 'alb-access-logs-off',
    control: 'LOG-3',
    change: 'ALB access logs switched off with setAttribute during a bucket migration.',
    apply: (s) => {
      s.edge.loadBalancer.setAttribute('access_logs.s3.enabled', 'false');
      return alb(s);
    },
  },
  {
    id: 'alb-connection-logs-off',
    control: 'LOG-3',
    change: 'ALB connection logs switched off ("access logs are enough").',
    apply: (s) => {
      s.edge.loadBalancer.setAttribute('connection_logs.s3.enabled', 'false');
      return alb(s);
    },
  },
  {
    id: 'waf-log-group-30-days',
    control: 'LOG-3',
    change: 'The WAF log group retention lowered to 30 days.',
    apply: (s) => override(l1(s.edge.wafLogGroup), 'RetentionInDays', 30),
  },
  // LOG-4
  {
    id: 'flow-log-removed',
    control: 'LOG-4',
    change: 'The primary VPC flow log deleted while moving flow logs to a central account that never got them.',
    apply: (s) => remove(primaryFlowLog(s)),
    findingOn: { target: (s) => l1(s.network.vpc), why: 'the VPC is what is left without flow records' },
  },
  {
    id: 'flow-log-reject-only',
    control: 'LOG-4',
    change: 'Flow log traffic type REJECT only, the cheaper setting in the console.',
    apply: (s) => override(primaryFlowLog(s), 'TrafficType', 'REJECT'),
    findingOn: { target: (s) => l1(s.network.vpc), why: 'the rule judges the VPC through its flow logs' },
  },
  {
    id: 'dr-flow-log-accept-only',
    control: 'LOG-4',
    change: 'The DR VPC flow log set to ACCEPT only.',
    apply: (s) => override(drFlowLog(s), 'TrafficType', 'ACCEPT'),
    findingOn: { target: (s) => l1(s.dr.vpc), why: 'the rule judges the VPC through its flow logs' },
  },
  {
    id: 'flow-log-one-subnet',
    control: 'LOG-4',
    change: 'The flow log narrowed to one app subnet to investigate one service.',
    apply: (s) => {
      const fl = primaryFlowLog(s);
      override(fl, 'ResourceType', 'Subnet');
      return override(fl, 'ResourceId', (s.network.network.subnets('App').subnets[0] as ec2.ISubnet).subnetId);
    },
    findingOn: { target: (s) => l1(s.network.vpc), why: 'the rule judges the VPC through its flow logs' },
  },
];

export const WEB_MUTATIONS: Mutation[] = [
  // WEB-1
  {
    id: 'common-rule-set-count',
    control: 'WEB-1',
    change: 'The Common rule set overridden to Count after it blocked a large upload.',
    apply: (s) => wafRuleToCount(s.edge.webAcl, /CommonRuleSet/),
  },
  {
    id: 'sqli-rule-set-removed',
    control: 'WEB-1',
    change: 'The SQLi rule set removed "because we use an ORM".',
    apply: (s) => wafRuleRemoved(s.edge.webAcl, /SQLiRuleSet/),
  },
  {
    id: 'ip-reputation-count',
    control: 'WEB-1',
    change: 'The IP reputation list set to Count after a customer behind a shared proxy was blocked.',
    apply: (s) => wafRuleToCount(s.edge.webAcl, /AmazonIpReputationList/),
  },
  {
    id: 'web-acl-association-removed',
    control: 'WEB-1',
    change: 'The web ACL association deleted during a load-balancer replacement and not re-added.',
    apply: (s) => remove(theOne(s.edge, 'AWS::WAFv2::WebACLAssociation', 'the web ACL association')),
    findingOn: { target: (s) => alb(s), why: 'the load balancer is what is left unprotected' },
  },
  // WEB-2
  {
    id: 'rate-rule-count',
    control: 'WEB-2',
    change: 'The per-client rate rule set to Count after a load test tripped it.',
    apply: (s) => wafRuleToCount(s.edge.webAcl, /Rate/),
  },
  {
    id: 'rate-rule-removed',
    control: 'WEB-2',
    change: 'The rate rule removed to free WCU for another managed group.',
    apply: (s) => wafRuleRemoved(s.edge.webAcl, /Rate/),
  },
  {
    id: 'rate-rule-constant-key',
    control: 'WEB-2',
    change: 'The rate rule keyed on CONSTANT (one budget for everybody) instead of the client IP.',
    apply: (s) => override(s.edge.webAcl, `Rules.${wafRuleIndex(s.edge.webAcl, /Rate/)}.Statement.RateBasedStatement.AggregateKeyType`, 'CONSTANT'),
  },
  // WEB-3
  {
    id: 'tls-policy-2016',
    control: 'WEB-3',
    change: 'SslPolicy ELBSecurityPolicy-2016-08 pasted from an old sample for a legacy client.',
    apply: (s) => override(https(s), 'SslPolicy', 'ELBSecurityPolicy-2016-08'),
  },
  {
    id: 'http-listener-forwards',
    control: 'WEB-3',
    change: 'The port-80 listener made to forward to the app "for the health checker".',
    apply: (s) => override(http(s), 'DefaultActions', [{ Type: 'forward', TargetGroupArn: s.edge.targetGroup.targetGroupArn }]),
  },
  {
    id: 'invalid-headers-accepted',
    control: 'WEB-3',
    change: 'drop_invalid_header_fields disabled for a client sending underscores in header names.',
    apply: (s) => {
      s.edge.loadBalancer.setAttribute('routing.http.drop_invalid_header_fields.enabled', 'false');
      return alb(s);
    },
  },
  {
    id: 'desync-defensive',
    control: 'WEB-3',
    change: 'Desync mitigation relaxed to defensive (the default) after a 400 from a client library.',
    apply: (s) => {
      s.edge.loadBalancer.setAttribute('routing.http.desync_mitigation_mode', 'defensive');
      return alb(s);
    },
  },
  {
    id: 'hsts-removed',
    control: 'WEB-3',
    change: 'The HSTS response header removed from the HTTPS listener while testing a staging domain.',
    apply: (s) => deleteProperty(https(s), 'ListenerAttributes'),
  },
  // WEB-4 (judged on the build with the optional controls on)
  {
    id: 'mtls-passthrough',
    control: 'WEB-4',
    build: 'optional-controls',
    change: 'Mutual TLS mode passthrough ("the app checks the certificate") on the HTTPS listener.',
    apply: (s) => {
      const l = https(s);
      override(l, 'MutualAuthentication.Mode', 'passthrough');
      return deleteProperty(l, 'MutualAuthentication.TrustStoreArn');
    },
  },
  {
    id: 'mtls-ignore-expiry',
    control: 'WEB-4',
    build: 'optional-controls',
    change: 'IgnoreClientCertificateExpiry true so customers with expired certificates can still sign in.',
    apply: (s) => override(https(s), 'MutualAuthentication.IgnoreClientCertificateExpiry', true),
  },
  {
    id: 'mtls-trust-store-dropped',
    control: 'WEB-4',
    build: 'optional-controls',
    change: 'The trust store reference removed from verify mode while rotating the CA bundle.',
    apply: (s) => deleteProperty(https(s), 'MutualAuthentication.TrustStoreArn'),
  },
  // WEB-5
  {
    id: 'password-eight-characters',
    control: 'WEB-5',
    build: 'optional-controls',
    change: 'Minimum password length lowered to 8, the Cognito default, after user complaints.',
    apply: (s) => override(l1(s.edge.userPool!), 'Policies.PasswordPolicy.MinimumLength', 8),
  },
  {
    id: 'mfa-optional',
    control: 'WEB-5',
    build: 'optional-controls',
    change: 'MFA made OPTIONAL to ease onboarding.',
    apply: (s) => override(l1(s.edge.userPool!), 'MfaConfiguration', 'OPTIONAL'),
  },
  {
    id: 'session-seven-days',
    control: 'WEB-5',
    build: 'optional-controls',
    change: 'The ALB sign-in session timeout raised to 7 days ("users hate signing in").',
    apply: (s) => {
      const l = https(s);
      const i = list(props(l).DefaultActions).findIndex((a) => a.Type === 'authenticate-cognito');
      if (i < 0) throw new Error('no authenticate-cognito action on the HTTPS listener');
      return override(l, `DefaultActions.${i}.AuthenticateCognitoConfig.SessionTimeout`, '604800');
    },
  },
  {
    id: 'password-no-symbols-or-digits',
    control: 'WEB-5',
    build: 'optional-controls',
    change: 'Symbol and digit requirements dropped from the password policy.',
    apply: (s) => {
      override(l1(s.edge.userPool!), 'Policies.PasswordPolicy.RequireSymbols', false);
      return override(l1(s.edge.userPool!), 'Policies.PasswordPolicy.RequireNumbers', false);
    },
  },
  // WEB-6
  {
    id: 'site-allowlist-rule-removed',
    control: 'WEB-6',
    build: 'optional-controls',
    change: 'The site allowlist rule deleted while the default action stays Block.',
    apply: (s) => wafRuleRemoved(s.edge.webAcl, /SiteAllowlist/),
  },
  {
    id: 'site-allowlist-rule-count',
    control: 'WEB-6',
    build: 'optional-controls',
    change: 'The site allowlist rule switched to Count: nobody reaches the site.',
    apply: (s) => wafRuleEdited(s.edge.webAcl, /SiteAllowlist/, (r) => ({ ...r, action: { count: {} } })),
  },
  {
    id: 'site-allowlist-not-ip-set',
    control: 'WEB-6',
    build: 'optional-controls',
    change: 'The site allowlist rule rewritten to allow by a header match copied from a sample instead of the IP set.',
    apply: (s) =>
      wafRuleEdited(s.edge.webAcl, /SiteAllowlist/, (r) => ({
        ...r,
        statement: { byteMatchStatement: { fieldToMatch: { singleHeader: { Name: 'x-office' } }, positionalConstraint: 'EXACTLY', searchString: 'yes', textTransformations: [{ priority: 0, type: 'NONE' }] } },
      })),
  },
];

