/** Following a KmsKeyId to the app's key (DATA-1). */
import { CfnResource } from 'aws-cdk-lib';
import { isTrue } from '../../engine/values';
import { Scan } from '../../engine/scan';

/** The customer-managed keys of the app a KmsKeyId designates (directly, or through an alias of the app). */
export function keysOf(scan: Scan, consumer: CfnResource, kmsKeyId: unknown): CfnResource[] {
  const direct = scan.refTargetsOfType(consumer, kmsKeyId, 'AWS::KMS::Key');
  const viaAlias = scan.refTargetsOfType(consumer, kmsKeyId, 'AWS::KMS::Alias').flatMap((a) => scan.refTargetsOfType(a, scan.props(a).TargetKeyId, 'AWS::KMS::Key'));
  return [...direct, ...viaAlias];
}

/** Whether a key rotates automatically. */
export function keyRotates(scan: Scan, key: CfnResource): boolean {
  return isTrue(scan.props(key).EnableKeyRotation);
}
