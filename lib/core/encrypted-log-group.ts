import { Arn, ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface EncryptedLogGroupProps {
  /** Name of the group; fixed so the key policy can name it before the group exists. */
  readonly logGroupName: string;
  /** Customer-managed key of the region (DATA-1); CloudWatch Logs is allowed to use it for this group. */
  readonly encryptionKey: kms.Key;
  /** Days kept; one of CloudWatch's allowed values. */
  readonly retentionDays: number;
}

/**
 * A CloudWatch log group encrypted with the region's key, kept for a fixed time, and left in
 * place by `cdk destroy` (DATA-5): logs are evidence and must outlive the stack.
 *
 * The key's policy admits CloudWatch Logs only for this group's ARN (encryption context), so one
 * key can serve several groups without opening it to every log group of the account.
 */
export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): logs.LogGroup {
  const stack = Stack.of(scope);
  const logGroupArn = Arn.format(
    { service: 'logs', resource: 'log-group', resourceName: props.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME },
    stack,
  );
  props.encryptionKey.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `CloudWatchLogs${id}`,
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
    }),
  );
  return new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    encryptionKey: props.encryptionKey,
    retention: props.retentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
