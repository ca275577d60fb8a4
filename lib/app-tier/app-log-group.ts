import { Arn, ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { managedKey } from '../core/managed-key';

/** Retention below this is refused: container logs are evidence for a year of audits. */
export const MIN_APP_LOG_RETENTION_DAYS = 365;

export interface AppLogGroupProps {
  /**
   * Name of the log group. A fixed name lets the key policy admit CloudWatch Logs for exactly
   * this group (the key cannot name a generated ARN without a dependency cycle).
   */
  readonly logGroupName: string;
  /**
   * Days the container logs are kept. Must be one of CloudWatch's retention values and at least
   * 365 (`MIN_APP_LOG_RETENTION_DAYS`).
   */
  readonly retentionDays: number;
  /** Alias of the key, without `alias/`. */
  readonly keyAlias: string;
}

/**
 * The application's container log group (APP-3, LOG-3): encrypted with its own customer-managed
 * key that only CloudWatch Logs of this region may use, and only for this log group; kept for
 * `retentionDays`; retained when the stack is deleted.
 */
export class AppLogGroup extends Construct {
  public readonly logGroup: logs.LogGroup;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AppLogGroupProps) {
    super(scope, id);
    const retention = retentionFromDays(props.retentionDays);
    const stack = Stack.of(this);
    const logGroupArn = Arn.format(
      { service: 'logs', resource: 'log-group', resourceName: props.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME },
      stack,
    );

    this.key = managedKey(this, 'Key', { purpose: 'application container logs', alias: props.keyAlias });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsForTheAppLogGroupOnly',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      }),
    );

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: this.key,
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

function retentionFromDays(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number');
  if (!Number.isInteger(days) || days < MIN_APP_LOG_RETENTION_DAYS || !allowed.includes(days)) {
    const options = allowed.filter((d) => d >= MIN_APP_LOG_RETENTION_DAYS).join(', ');
    throw new Error(
      `logs.appLogRetentionDays is ${days}: must be a CloudWatch Logs retention of at least ${MIN_APP_LOG_RETENTION_DAYS} days, one of ${options}.`,
    );
  }
  return days as logs.RetentionDays;
}
