/**
 * Night where the service's users are: backups run when nobody works (DATA-2). The night is
 * 22:00-06:00 local time in the configuration's `timeZone` (default Asia/Tokyo, always UTC+9).
 *
 * RDS's backup window is fixed in UTC
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupWindow.html),
 * while the AWS Backup plan's schedule is read in a time zone
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html, "ScheduleExpressionTimezone").
 * In a zone with daylight saving time a UTC window moves by the DST shift twice a year, so a
 * window counts as "at night" only when it is at night under every UTC offset the zone uses.
 */
/** Night starts at 22:00 local time … */
export const NIGHT_START_MINUTES = 22 * 60;
/** … and lasts until 06:00 local time. */
export const NIGHT_LENGTH_MINUTES = 8 * 60;
/** The time zone whose night counts when none is given. */
export const DEFAULT_NIGHT_TIME_ZONE = 'Asia/Tokyo';

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
    throw new Error(`Backup window "${window}" is not a UTC window "hh:mm-hh:mm" (for example "17:00-18:00", 02:00-03:00 in Asia/Tokyo).`);
  }
  const [, sh, sm, eh, em] = match.map(Number);
  const startUtc = sh * 60 + sm;
  const endUtc = eh * 60 + em;
  return { startUtc, lengthMinutes: (endUtc - startUtc + DAY) % DAY };
}

const offsetCache = new Map<string, number[]>();

/**
 * The UTC offsets (minutes east of UTC) `timeZone` uses during `year`, smallest first: one for
 * Asia/Tokyo (+540), two for Europe/Berlin (+60, +120). Read from the runtime's time-zone
 * database (Intl); throws a RangeError for a name it does not know.
 */
export function utcOffsetsMinutes(timeZone: string, year = new Date().getUTCFullYear()): number[] {
  const key = `${timeZone}@${year}`;
  const cached = offsetCache.get(key);
  if (cached) return cached;
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const offsets = new Set<number>();
  // Every day at noon UTC: DST transitions last months, so no offset in use is missed.
  for (let day = 0; day < 366; day++) {
    const instant = new Date(Date.UTC(year, 0, 1 + day, 12));
    const name = format.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
    if (!m) throw new RangeError(`Unexpected UTC offset "${name}" for time zone "${timeZone}"`);
    offsets.add(m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0);
  }
  const result = [...offsets].sort((a, b) => a - b);
  offsetCache.set(key, result);
  return result;
}

/** True when a window given in local minutes after midnight lies between 22:00 and 06:00. */
function isLocalNight(startLocal: number, lengthMinutes: number): boolean {
  const offset = (((startLocal - NIGHT_START_MINUTES) % DAY) + DAY) % DAY;
  return lengthMinutes > 0 && offset + lengthMinutes <= NIGHT_LENGTH_MINUTES;
}

/** True when the whole UTC window lies between 22:00 and 06:00 in `timeZone`, under each of its UTC offsets. */
export function isWithinNight(window: DailyWindow, timeZone: string = DEFAULT_NIGHT_TIME_ZONE): boolean {
  return utcOffsetsMinutes(timeZone).every((offset) => isLocalNight(window.startUtc + offset, window.lengthMinutes));
}

/**
 * When the AWS Backup plan's daily job starts, in minutes after local midnight in `timeZone`:
 * `BACKUP_PLAN_LEAD_MINUTES` before RDS's window under the zone's smallest offset, so the lead is
 * at least that long all year (in summer time it is longer by the DST shift).
 */
export function backupPlanStartLocal(rdsWindow: DailyWindow, timeZone: string = DEFAULT_NIGHT_TIME_ZONE): number {
  const smallest = utcOffsetsMinutes(timeZone)[0];
  return (((rdsWindow.startUtc - BACKUP_PLAN_LEAD_MINUTES + smallest) % DAY) + DAY) % DAY;
}

/** True when the plan's start window (local time, DST-proof) lies in the night. */
export function isBackupPlanAtNight(rdsWindow: DailyWindow, timeZone: string = DEFAULT_NIGHT_TIME_ZONE): boolean {
  return isLocalNight(backupPlanStartLocal(rdsWindow, timeZone), BACKUP_PLAN_START_WINDOW_MINUTES);
}

/** 'hh:mm' of minutes after midnight. */
export function formatClock(minutes: number): string {
  const m = ((minutes % DAY) + DAY) % DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A UTC window in local time: "12:00-13:00 Asia/Tokyo", or "18:00-19:00 / 19:00-20:00 Europe/Berlin" with DST. */
export function describeInZone(window: DailyWindow, timeZone: string): string {
  const local = utcOffsetsMinutes(timeZone).map(
    (offset) => `${formatClock(window.startUtc + offset)}-${formatClock(window.startUtc + offset + window.lengthMinutes)}`,
  );
  return `${local.join(' / ')} ${timeZone}`;
}

/**
 * A backup window that satisfies the rules in `timeZone`: one hour starting at 02:00 local time
 * (winter time in a DST zone), as 'hh:mm-hh:mm' UTC. "17:00-18:00" for Asia/Tokyo.
 */
export function suggestedBackupWindowUtc(timeZone: string = DEFAULT_NIGHT_TIME_ZONE): string {
  const smallest = utcOffsetsMinutes(timeZone)[0];
  const start = 2 * 60 - smallest;
  return `${formatClock(start)}-${formatClock(start + 60)}`;
}

/**
 * What is wrong with `data.backupWindowUtc` for the nightly backups (DATA-2, DATA-4), as the
 * "allowed" text of a configuration problem; undefined when the window is fine. RDS needs at
 * least 30 minutes; the RDS window and the AWS Backup plan that starts `BACKUP_PLAN_LEAD_MINUTES`
 * before it must both lie in the night of `timeZone`. Pure, so that the configuration is checked
 * before anything is built. Throws a RangeError for a time zone the runtime does not know.
 */
export function backupWindowProblem(window: string, timeZone: string = DEFAULT_NIGHT_TIME_ZONE): string | undefined {
  let parsed: DailyWindow;
  try {
    parsed = parseUtcWindow(window);
  } catch {
    return 'a UTC window "hh:mm-hh:mm"';
  }
  if (parsed.lengthMinutes >= 30 && isWithinNight(parsed, timeZone) && isBackupPlanAtNight(parsed, timeZone)) return undefined;
  const night = `${formatClock(NIGHT_START_MINUTES)}-${formatClock(NIGHT_START_MINUTES + NIGHT_LENGTH_MINUTES)} ${timeZone}`;
  const nightUtc = utcOffsetsMinutes(timeZone)
    .map((offset) => `${formatClock(NIGHT_START_MINUTES - offset)}-${formatClock(NIGHT_START_MINUTES + NIGHT_LENGTH_MINUTES - offset)}`)
    .join(' / ');
  return (
    `a window of at least 30 minutes within the night (${night}, ${nightUtc} UTC) starting at least ${BACKUP_PLAN_LEAD_MINUTES / 60} hours after the night begins, ` +
    `so that the AWS Backup plan, which starts ${BACKUP_PLAN_LEAD_MINUTES / 60} hours earlier, runs at night too; this one is ${describeInZone(parsed, timeZone)}; ` +
    `for example "${suggestedBackupWindowUtc(timeZone)}"`
  );
}

/**
 * Checks that an RDS backup window is at least 30 minutes (an RDS limit) and inside the night
 * of `timeZone`; returns it parsed. Throws with the window in both time zones otherwise.
 */
export function requireNightlyBackupWindow(window: string, timeZone: string = DEFAULT_NIGHT_TIME_ZONE): DailyWindow {
  const parsed = parseUtcWindow(window);
  if (parsed.lengthMinutes < 30 || !isWithinNight(parsed, timeZone)) {
    throw new Error(
      `data.backupWindowUtc "${window}" (${describeInZone(parsed, timeZone)}) must be at least 30 minutes long and lie within the night ` +
        `(${formatClock(NIGHT_START_MINUTES)}-${formatClock(NIGHT_START_MINUTES + NIGHT_LENGTH_MINUTES)} ${timeZone}), for example "${suggestedBackupWindowUtc(timeZone)}".`,
    );
  }
  return parsed;
}
