import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface ManagedKeyProps {
  /** What the key protects, shown in the console and the key's alias. */
  readonly purpose: string;
  /** Alias without the `alias/` prefix. */
  readonly alias: string;
}

/**
 * A customer-managed KMS key with yearly automatic rotation that outlives its stack
 * (GOV-1, DATA-1, DATA-5): data encrypted under it must stay readable after `cdk destroy`.
 */
export function managedKey(scope: Construct, id: string, props: ManagedKeyProps): kms.Key {
  return new kms.Key(scope, id, {
    description: `hardened-stack: ${props.purpose}`,
    alias: `alias/${props.alias}`,
    enableKeyRotation: true,
    rotationPeriod: Duration.days(365),
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
  });
}

/** Lets CloudWatch Logs of this account and region encrypt log groups with `key`. */
export function allowLogGroups(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
    }),
  );
}

/** Lets EventBridge rules of this account write undeliverable events to queues encrypted with `key`. */
export function allowEventBridgeDeadLetters(key: kms.IKey): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(key).account } },
    }),
  );
}
