import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { alarmActionValues, appResources, joinedText, props, refTargetsOfType, refersTo, statementsOf, stringList } from '../support';
import { ALARM, COMPOSITE_ALARM } from './alarms';

/** Whether a key policy allows CloudWatch (the alarm service publishes with it). */
function allowsCloudWatch(key: CfnResource): boolean {
  return statementsOf(props(key).KeyPolicy).some((s) => s.Effect === 'Allow' && stringList(s.Principal?.Service).includes('cloudwatch.amazonaws.com'));
}

/**
 * MON-1: an SNS topic that alarms notify is encrypted with a customer-managed key that lets
 * CloudWatch use it. The AWS managed key (`alias/aws/sns`) cannot grant CloudWatch, so alarm
 * notifications to such a topic fail silently. Not applicable to topics no alarm uses.
 */
export function AlarmTopicEncrypted(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::SNS::Topic') return NagRuleCompliance.NOT_APPLICABLE;
  const usedByAlarms = appResources(node, ALARM, COMPOSITE_ALARM).some((alarm) => alarmActionValues(alarm).some((a) => refersTo(alarm, a, node)));
  if (!usedByAlarms) return NagRuleCompliance.NOT_APPLICABLE;
  const keyId = props(node).KmsMasterKeyId;
  if (keyId === undefined || /(^|:)alias\/aws\//.test(joinedText(keyId) ?? '')) return NagRuleCompliance.NON_COMPLIANT;
  const keys = refTargetsOfType(node, keyId, 'AWS::KMS::Key');
  return keys.every(allowsCloudWatch) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
