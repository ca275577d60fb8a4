import { Duration, RemovalPolicy } from 'aws-cdk-lib';
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
