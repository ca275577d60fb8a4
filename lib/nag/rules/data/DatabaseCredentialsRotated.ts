import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, isTrue, literalNumber, literalString } from '../../engine/values';
import { isPrimaryDbInstance } from './databases';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

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
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const p = scan.props(node);
  if (isTrue(p.ManageMasterUserPassword)) return NagRuleCompliance.COMPLIANT;

  // Every credential of the instance: each attached secret (with its attachment), and each secret
  // its properties reference directly. A second login (an application user) must rotate too.
  const attachments = scan.resources('AWS::SecretsManager::SecretTargetAttachment').filter((a) => scan.refersTo(a, scan.props(a).TargetId, node));
  const credentials: Set<CfnResource>[] = attachments.map((a) => new Set([a, ...scan.refTargetsOfType(a, scan.props(a).SecretId, 'AWS::SecretsManager::Secret')]));
  for (const secret of scan.refTargetsOfType(node, p, 'AWS::SecretsManager::Secret')) {
    if (!credentials.some((c) => c.has(secret))) credentials.push(new Set([secret]));
  }
  const schedules = scan.resources('AWS::SecretsManager::RotationSchedule').map((schedule) => {
    const s = scan.props(schedule);
    return { targets: scan.refTargetsOfType(schedule, s.SecretId, 'AWS::SecretsManager::Secret', 'AWS::SecretsManager::SecretTargetAttachment'), days: rotationDays(s.RotationRules) };
  });
  const rotatedInTime = (credential: Set<CfnResource>) =>
    schedules.some((r) => r.targets.some((t) => credential.has(t)) && r.days !== undefined && r.days > 0 && r.days <= MAX_ROTATION_DAYS);
  const rotated = credentials.length > 0 && credentials.every(rotatedInTime);
  return rotated ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseCredentialsRotated: HardenedRule = {
  control: 'DATA-6',
  name: 'DatabaseCredentialsRotated',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: "DATA-6: the database's credentials are not rotated at least every 30 days.",
  explanation: 'Rotated credentials limit how long a leaked password is useful.',
  check,
};
