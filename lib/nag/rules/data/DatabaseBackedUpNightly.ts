import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isPrimaryDbInstance, literalNumber, literalString, props } from '../support';

/** Japan's night (22:00–06:00 JST) in UTC, in minutes after midnight: backups must fall inside. */
export const JST_NIGHT_UTC = { start: 13 * 60, end: 21 * 60 } as const;
/** The shortest automated backup retention (point-in-time recovery window), in days. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

/** 'hh:mm-hh:mm' as minutes after midnight, or undefined. */
export function parseWindow(window: string): { start: number; end: number } | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(window.trim());
  if (!m) return undefined;
  return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) };
}

/**
 * DATA-2: a primary database instance is backed up daily at night in Japan and keeps ≥ 7 days
 * of backups (point-in-time recovery): PreferredBackupWindow lies within 13:00–21:00 UTC
 * (22:00–06:00 JST), BackupRetentionPeriod ≥ 7.
 */
export function DatabaseBackedUpNightly(node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  const retention = literalNumber(p.BackupRetentionPeriod);
  const window = parseWindow(literalString(p.PreferredBackupWindow) ?? '');
  const atNight = window !== undefined && window.start < window.end && window.start >= JST_NIGHT_UTC.start && window.end <= JST_NIGHT_UTC.end;
  return retention !== undefined && retention >= MIN_BACKUP_RETENTION_DAYS && atNight ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
