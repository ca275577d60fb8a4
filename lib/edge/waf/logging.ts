import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { managedKey } from '../../core/managed-key';

/** WAF delivers to CloudWatch Logs only into log groups whose name starts with this. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** Request headers never written to the WAF logs: they carry credentials and session cookies. */
export const REDACTED_HEADERS = ['authorization', 'cookie'] as const;

export interface WafLoggingProps {
  readonly webAcl: CfnWebACL;
  /** Log group name; must start with `aws-waf-logs-`. */
  readonly logGroupName: string;
  /** Days the logs are kept (LOG-3: at least 1096). Must be a CloudWatch Logs retention value. */
  readonly retentionDays: number;
  /** Alias of the log group's key, without `alias/`. */
  readonly keyAlias: string;
}

/**
 * WAF logs of the edge web ACL (LOG-3): every request's verdict, kept for the retention period in
 * a CloudWatch log group encrypted with its own customer-managed key, both retained when the stack
 * goes. Authorization and Cookie headers are redacted before WAF writes a record.
 *
 * WAF adds the log group resource policy for `delivery.logs.amazonaws.com` itself when the logging
 * configuration is created (the deploying role needs logs:PutResourcePolicy).
 */
export class WafLogging extends Construct {
  public readonly key: kms.Key;
  public readonly logGroup: logs.LogGroup;
  public readonly loggingConfiguration: CfnLoggingConfiguration;

  constructor(scope: Construct, id: string, props: WafLoggingProps) {
    super(scope, id);
    if (!props.logGroupName.startsWith(WAF_LOG_GROUP_PREFIX)) {
      throw new Error(`${this.node.path}: logGroupName "${props.logGroupName}" must start with "${WAF_LOG_GROUP_PREFIX}" (WAF refuses other log groups with a misleading ARN error).`);
    }
    const stack = Stack.of(this);
    // The ARN WAF wants: no trailing ":*" (which LogGroup.logGroupArn carries).
    const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: props.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    this.key = managedKey(this, 'Key', { purpose: 'WAF logs of the edge web ACL', alias: props.keyAlias });
    // CloudWatch Logs encrypts with the key on the log group's behalf; the encryption context pins
    // the grant to this one log group.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptWafLogs',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      }),
    );

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      retention: props.retentionDays as logs.RetentionDays,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.loggingConfiguration = new CfnLoggingConfiguration(this, 'Configuration', {
      resourceArn: props.webAcl.attrArn,
      logDestinationConfigs: [logGroupArn],
      // singleHeader is untyped on the L1: CloudFormation casing.
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
    this.loggingConfiguration.node.addDependency(this.logGroup);
  }
}
