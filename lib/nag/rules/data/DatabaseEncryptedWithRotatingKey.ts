import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isPrimaryDbInstance, isTrue, props } from '../support';
import { keyRotates, keysOf } from './keys';

/**
 * DATA-1: a primary database instance is encrypted (StorageEncrypted) with a customer-managed KMS
 * key of the app that rotates. A read replica names its key (KmsKeyId, required across regions);
 * if that key is in the app, it must rotate too.
 */
export function DatabaseEncryptedWithRotatingKey(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::RDS::DBInstance') return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  if (p.KmsKeyId === undefined) return NagRuleCompliance.NON_COMPLIANT;
  const keys = keysOf(node, p.KmsKeyId);
  if (!isPrimaryDbInstance(node)) return keys.every(keyRotates) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  return isTrue(p.StorageEncrypted) && keys.length > 0 && keys.every(keyRotates) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
