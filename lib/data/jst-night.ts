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
