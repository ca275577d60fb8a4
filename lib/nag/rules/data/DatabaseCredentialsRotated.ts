import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, isObject, isPrimaryDbInstance, isTrue, literalNumber, literalString, props, refTargetsOfType, refersTo } from '../support';

/** The longest interval between two rotations of the database credentials, in days. */
export const MAX_ROTATION_DAYS = 30;

/** The rotation interval of a RotationRules block in days, when it can be read. */
function rotationDays(rules: unknown): number | undefined {
  if (!isObject(rules)) return undefined;
  const days = literalNumber(rules.AutomaticallyAfterDays);
  if (days !== undefined) return days;
  const rate = /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/.exec(literalString(rules.ScheduleExpression)?.trim() ?? '');
  if (!rate) return undefined;
  return rate[2].startsWith('hour') ? Number(rate[1]) / 24 : Number(rate[1]);
}

/**
 * DATA-6: a primary database instance's credentials are rotated at least every 30 days: either
 * RDS manages the master password (ManageMasterUserPassword, rotated every 7 days by default),
 * or an AWS::SecretsManager::RotationSchedule of ≤ 30 days targets the instance's secret (a
 * secret its properties reference, or one attached to it by a SecretTargetAttachment).
 */
export function DatabaseCredentialsRotated(node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  if (isTrue(p.ManageMasterUserPassword)) return NagRuleCompliance.COMPLIANT;

  const attachments = appResources(node, 'AWS::SecretsManager::SecretTargetAttachment').filter((a) => refersTo(a, props(a).TargetId, node));
  const secrets = new Set<CfnResource>([
    ...refTargetsOfType(node, p, 'AWS::SecretsManager::Secret'),
    ...attachments.flatMap((a) => refTargetsOfType(a, props(a).SecretId, 'AWS::SecretsManager::Secret')),
    ...attachments,
  ]);
  const rotated = appResources(node, 'AWS::SecretsManager::RotationSchedule').some((schedule) => {
    const s = props(schedule);
    const targets = refTargetsOfType(schedule, s.SecretId, 'AWS::SecretsManager::Secret', 'AWS::SecretsManager::SecretTargetAttachment');
    const days = rotationDays(s.RotationRules);
    return targets.some((t) => secrets.has(t)) && days !== undefined && days > 0 && days <= MAX_ROTATION_DAYS;
  });
  return rotated ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
