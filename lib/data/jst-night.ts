/**
 * Night in Japan, where the service's users are: backups run when nobody works (DATA-2).
 * Asia/Tokyo has no daylight saving time, so JST is always UTC+9.
 */
export const JST_OFFSET_MINUTES = 9 * 60;
/** Night starts at 22:00 JST … */
export const JST_NIGHT_START_MINUTES = 22 * 60;
/** … and lasts until 06:00 JST. */
export const JST_NIGHT_LENGTH_MINUTES = 8 * 60;

const DAY = 24 * 60;

/** The AWS Backup plan starts this many minutes before RDS's own backup window, so the two never run together … */
export const BACKUP_PLAN_LEAD_MINUTES = 120;
/** … and a job that has not started within this many minutes is skipped (and reported). */
export const BACKUP_PLAN_START_WINDOW_MINUTES = 60;

/** A daily window in minutes after midnight UTC; `end` may be smaller than `start` (across midnight). */
export interface DailyWindow {
  readonly startUtc: number;
  readonly lengthMinutes: number;
}

/** Parses an RDS window 'hh:mm-hh:mm' (UTC). Throws on anything else. */
export function parseUtcWindow(window: string): DailyWindow {
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(window);
  if (!match) {
    throw new Error(`Backup window "${window}" is not a UTC window "hh:mm-hh:mm" (for example "17:00-18:00", 02:00-03:00 JST).`);
  }
  const [, sh, sm, eh, em] = match.map(Number);
  const startUtc = sh * 60 + sm;
  const endUtc = eh * 60 + em;
  return { startUtc, lengthMinutes: (endUtc - startUtc + DAY) % DAY };
}

/** Minutes after midnight JST of a time given in minutes after midnight UTC. */
export function utcToJst(minutesUtc: number): number {
  return (minutesUtc + JST_OFFSET_MINUTES) % DAY;
}

/** True when the whole window lies between 22:00 and 06:00 JST. */
export function isWithinJstNight(window: DailyWindow): boolean {
  const offset = (utcToJst(window.startUtc) - JST_NIGHT_START_MINUTES + DAY) % DAY;
  return window.lengthMinutes > 0 && offset + window.lengthMinutes <= JST_NIGHT_LENGTH_MINUTES;
}

/** The window in which the AWS Backup plan's daily job starts, given RDS's own backup window. */
export function backupPlanWindow(rdsWindow: DailyWindow): DailyWindow {
  return { startUtc: (rdsWindow.startUtc - BACKUP_PLAN_LEAD_MINUTES + DAY) % DAY, lengthMinutes: BACKUP_PLAN_START_WINDOW_MINUTES };
}

/** 'hh:mm' of minutes after midnight. */
export function formatClock(minutes: number): string {
  const m = ((minutes % DAY) + DAY) % DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Checks that an RDS backup window is at least 30 minutes (an RDS limit) and inside the JST
 * night; returns it parsed. Throws with the window in both time zones otherwise.
 */
export function requireNightlyBackupWindow(window: string): DailyWindow {
  const parsed = parseUtcWindow(window);
  if (parsed.lengthMinutes < 30 || !isWithinJstNight(parsed)) {
    const jst = `${formatClock(utcToJst(parsed.startUtc))}-${formatClock(utcToJst(parsed.startUtc + parsed.lengthMinutes))} JST`;
    throw new Error(
      `data.backupWindowUtc "${window}" (${jst}) must be at least 30 minutes long and lie within the JST night ` +
        `(${formatClock(JST_NIGHT_START_MINUTES)}-${formatClock(JST_NIGHT_START_MINUTES + JST_NIGHT_LENGTH_MINUTES)} JST, ` +
        `${formatClock(JST_NIGHT_START_MINUTES - JST_OFFSET_MINUTES)}-${formatClock(JST_NIGHT_START_MINUTES + JST_NIGHT_LENGTH_MINUTES - JST_OFFSET_MINUTES)} UTC), for example "17:00-18:00".`,
    );
  }
  return parsed;
}

/**
 * What is wrong with `data.backupWindowUtc` for the nightly backups (DATA-2, DATA-4), as the
 * "allowed" text of a configuration problem; undefined when the window is fine. Both the RDS
 * window and the AWS Backup plan that starts `BACKUP_PLAN_LEAD_MINUTES` before it must lie in the
 * JST night. Pure, so that the configuration is checked before anything is built.
 */
export function backupWindowProblem(window: string): string | undefined {
  let parsed: DailyWindow;
  try {
    parsed = parseUtcWindow(window);
  } catch {
    return 'a UTC window "hh:mm-hh:mm"';
  }
  if (parsed.lengthMinutes >= 30 && isWithinJstNight(parsed) && isWithinJstNight(backupPlanWindow(parsed))) return undefined;
  const jst = `${formatClock(utcToJst(parsed.startUtc))}-${formatClock(utcToJst(parsed.startUtc + parsed.lengthMinutes))} JST`;
  const night = `${formatClock(JST_NIGHT_START_MINUTES)}-${formatClock(JST_NIGHT_START_MINUTES + JST_NIGHT_LENGTH_MINUTES)} JST`;
  const nightUtc = `${formatClock(JST_NIGHT_START_MINUTES - JST_OFFSET_MINUTES)}-${formatClock(JST_NIGHT_START_MINUTES + JST_NIGHT_LENGTH_MINUTES - JST_OFFSET_MINUTES)} UTC`;
  return (
    `a window of at least 30 minutes within the JST night (${night}, ${nightUtc}) starting at least ${BACKUP_PLAN_LEAD_MINUTES / 60} hours after the night begins, ` +
    `so that the AWS Backup plan, which starts ${BACKUP_PLAN_LEAD_MINUTES / 60} hours earlier, runs at night too; this one is ${jst}; for example "17:00-18:00"`
  );
}
