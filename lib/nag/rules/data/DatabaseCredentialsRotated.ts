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
 * DATA-6: a primary database instance's credentials are rotated at least every 30 days, every
 * one of them (the master login and any other attached to the instance): either
 * RDS manages the master password (ManageMasterUserPassword, rotated every 7 days by default),
 * or an AWS::SecretsManager::RotationSchedule of ≤ 30 days targets the instance's secret (a
 * secret its properties reference, or one attached to it by a SecretTargetAttachment).
 */
export function DatabaseCredentialsRotated(node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  if (isTrue(p.ManageMasterUserPassword)) return NagRuleCompliance.COMPLIANT;

  // Every credential of the instance: each attached secret (with its attachment), and each secret
  // its properties reference directly. A second login (an application user) must rotate too.
  const attachments = appResources(node, 'AWS::SecretsManager::SecretTargetAttachment').filter((a) => refersTo(a, props(a).TargetId, node));
  const credentials: Set<CfnResource>[] = attachments.map((a) => new Set([a, ...refTargetsOfType(a, props(a).SecretId, 'AWS::SecretsManager::Secret')]));
  for (const secret of refTargetsOfType(node, p, 'AWS::SecretsManager::Secret')) {
    if (!credentials.some((c) => c.has(secret))) credentials.push(new Set([secret]));
  }
  const schedules = appResources(node, 'AWS::SecretsManager::RotationSchedule').map((schedule) => {
    const s = props(schedule);
    return { targets: refTargetsOfType(schedule, s.SecretId, 'AWS::SecretsManager::Secret', 'AWS::SecretsManager::SecretTargetAttachment'), days: rotationDays(s.RotationRules) };
  });
  const rotatedInTime = (credential: Set<CfnResource>) =>
    schedules.some((r) => r.targets.some((t) => credential.has(t)) && r.days !== undefined && r.days > 0 && r.days <= MAX_ROTATION_DAYS);
  const rotated = credentials.length > 0 && credentials.every(rotatedInTime);
  return rotated ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
