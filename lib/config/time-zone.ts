/**
 * IANA time-zone names, checked against the runtime's time-zone database (Intl, ICU). EventBridge
 * Scheduler and AWS Backup take IANA names
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#time-zones,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html "ScheduleExpressionTimezone").
 */

/** What is wrong with `value` as a time zone ("allowed" text), or undefined when it is a zone name. */
export function timeZoneProblem(value: unknown): string | undefined {
  const allowed = 'an IANA time zone name such as "Asia/Tokyo", "Europe/Berlin" or "UTC"';
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return allowed;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    const near = nearestZones(value);
    return `${allowed} (not in the time-zone database${near.length > 0 ? `; did you mean ${near.map((z) => `"${z}"`).join(' or ')}?` : ''})`;
  }
  // Intl accepts any letter case; AWS takes the name as spelt in the database.
  if (resolved !== value && resolved.toLowerCase() === value.toLowerCase()) return `${allowed}, spelt "${resolved}"`;
  return undefined;
}

let zones: string[] | undefined;
function supportedZones(): string[] {
  zones ??= (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('timeZone');
  return zones;
}

/** Zone names within two edits of `value` (a typo such as "Asia/Tokio"). */
function nearestZones(value: string): string[] {
  const lower = value.toLowerCase();
  return supportedZones()
    .map((z) => ({ z, d: editDistance(lower, z.toLowerCase(), 2) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.z);
}

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}
