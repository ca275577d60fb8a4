import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DEFAULT_NIGHT_TIME_ZONE, isWithinNight } from '../../../data/backup-night';
import { isObject, list, literalNumber, literalString } from '../../engine/values';
import { isPrimaryDbInstance } from './databases';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** The shortest automated backup retention (point-in-time recovery window), in days. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

/** 'hh:mm-hh:mm' as minutes after midnight, or undefined. */
export function parseWindow(window: string): { start: number; end: number } | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(window.trim());
  if (!m) return undefined;
  return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) };
}

/**
 * Whose night counts: the time zone the app's AWS Backup plans are scheduled in (the
 * configuration's `timeZone`), Asia/Tokyo when no plan names one.
 */
function nightTimeZone(scan: Scan): string {
  for (const plan of scan.resources('AWS::Backup::BackupPlan')) {
    for (const rule of list(scan.props(plan).BackupPlan?.BackupPlanRule).filter(isObject)) {
      const zone = literalString(rule.ScheduleExpressionTimezone);
      if (zone) return zone;
    }
  }
  return DEFAULT_NIGHT_TIME_ZONE;
}

/**
 * DATA-2: a primary database instance is backed up daily at night where its users are and keeps
 * ≥ 7 days of backups (point-in-time recovery): PreferredBackupWindow (UTC) lies within
 * 22:00–06:00 of the backup plans' time zone under each of its UTC offsets (13:00–21:00 UTC for
 * Asia/Tokyo), BackupRetentionPeriod ≥ 7.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const p = scan.props(node);
  const retention = literalNumber(p.BackupRetentionPeriod);
  const window = parseWindow(literalString(p.PreferredBackupWindow) ?? '');
  let atNight: boolean;
  try {
    const lengthMinutes = window === undefined ? 0 : (window.end - window.start + 24 * 60) % (24 * 60);
    atNight = window !== undefined && lengthMinutes > 0 && isWithinNight({ startUtc: window.start, lengthMinutes }, nightTimeZone(scan));
  } catch {
    atNight = false; // a time zone the runtime does not know: nothing is proven to be at night
  }
  return retention !== undefined && retention >= MIN_BACKUP_RETENTION_DAYS && atNight ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseBackedUpNightly: HardenedRule = {
  control: 'DATA-2',
  name: 'DatabaseBackedUpNightly',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'DATA-2: the primary database keeps < 7 days of backups or its backup window is not within 22:00–06:00 in the backup plans\' time zone (13:00–21:00 UTC for Asia/Tokyo).',
  explanation: 'Seeds promise nightly daily backups and point-in-time recovery.',
  check,
};
