/** Following a KmsKeyId to the app's key (DATA-1). */
import { CfnResource } from 'aws-cdk-lib';
import { isTrue, props, refTargetsOfType } from '../support';

/** The customer-managed keys of the app a KmsKeyId designates (directly, or through an alias of the app). */
export function keysOf(consumer: CfnResource, kmsKeyId: unknown): CfnResource[] {
  const direct = refTargetsOfType(consumer, kmsKeyId, 'AWS::KMS::Key');
  const viaAlias = refTargetsOfType(consumer, kmsKeyId, 'AWS::KMS::Alias').flatMap((a) => refTargetsOfType(a, props(a).TargetKeyId, 'AWS::KMS::Key'));
  return [...direct, ...viaAlias];
}

/** Whether a key rotates automatically. */
export function keyRotates(key: CfnResource): boolean {
  return isTrue(props(key).EnableKeyRotation);
}
