import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { keyRotates, keysOf } from './keys';
import { isTrue } from '../../engine/values';
import { isPrimaryDbInstance } from './databases';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * DATA-1: a primary database instance is encrypted (StorageEncrypted) with a customer-managed KMS
 * key of the app that rotates. A read replica names its key (KmsKeyId, required across regions);
 * if that key is in the app, it must rotate too.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  if (p.KmsKeyId === undefined) return NagRuleCompliance.NON_COMPLIANT;
  const keys = keysOf(scan, node, p.KmsKeyId);
  if (!isPrimaryDbInstance(scan, node)) return keys.every((r) => keyRotates(scan, r)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  return isTrue(p.StorageEncrypted) && keys.length > 0 && keys.every((r) => keyRotates(scan, r)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseEncryptedWithRotatingKey: HardenedRule = {
  control: 'DATA-1',
  name: 'DatabaseEncryptedWithRotatingKey',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'DATA-1: the database instance is not encrypted with a customer-managed rotating KMS key of the app (replicas: no KmsKeyId).',
  explanation: 'A customer-managed key keeps control of the data with the owner and can be audited and revoked.',
  check,
};
