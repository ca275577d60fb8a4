import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { ALARM, COMPOSITE_ALARM } from './alarms';
import { joinedText, stringList } from '../../engine/values';
import { alarmActionValues } from './alarms';
import { statementsOf } from '../gov/policy-statements';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Whether a key policy allows CloudWatch (the alarm service publishes with it). */
function allowsCloudWatch(scan: Scan, key: CfnResource): boolean {
  return statementsOf(scan.props(key).KeyPolicy).some((s) => s.Effect === 'Allow' && stringList(s.Principal?.Service).includes('cloudwatch.amazonaws.com'));
}

/**
 * MON-1: an SNS topic that alarms notify is encrypted with a customer-managed key that lets
 * CloudWatch use it. The AWS managed key (`alias/aws/sns`) cannot grant CloudWatch, so alarm
 * notifications to such a topic fail silently. Not applicable to topics no alarm uses.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const usedByAlarms = scan.resources(ALARM, COMPOSITE_ALARM).some((alarm) => alarmActionValues(scan, alarm).some((a) => scan.refersTo(alarm, a, node)));
  if (!usedByAlarms) return NagRuleCompliance.NOT_APPLICABLE;
  const keyId = scan.props(node).KmsMasterKeyId;
  if (keyId === undefined || /(^|:)alias\/aws\//.test(joinedText(keyId) ?? '')) return NagRuleCompliance.NON_COMPLIANT;
  const keys = scan.refTargetsOfType(node, keyId, 'AWS::KMS::Key');
  return keys.every((r) => allowsCloudWatch(scan, r)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const AlarmTopicEncrypted: HardenedRule = {
  control: 'MON-1',
  name: 'AlarmTopicEncrypted',
  resourceTypes: ['AWS::SNS::Topic'],
  info: 'MON-1: an SNS topic used by alarms is not encrypted with a customer-managed key that allows CloudWatch.',
  explanation: 'With the AWS managed SNS key, alarm notifications fail silently.',
  check,
};
