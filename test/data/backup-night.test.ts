import {
  backupPlanStartLocal,
  backupWindowProblem,
  isBackupPlanAtNight,
  isWithinNight,
  parseUtcWindow,
  requireNightlyBackupWindow,
  suggestedBackupWindowUtc,
  utcOffsetsMinutes,
} from '../../lib/data/backup-night';

describe('night in Asia/Tokyo, the default (DATA-2)', () => {
  test.each([
    ['17:00-18:00', true], // 02:00-03:00 JST, the default
    ['13:00-13:30', true], // 22:00-22:30 JST
    ['20:30-21:00', true], // 05:30-06:00 JST
    ['20:45-21:15', false], // ends 06:15 JST
    ['12:30-13:30', false], // starts 21:30 JST
    ['03:00-04:00', false], // noon JST
  ])('%s UTC within the night: %s', (window, expected) => {
    expect(isWithinNight(parseUtcWindow(window))).toBe(expected);
    expect(isWithinNight(parseUtcWindow(window), 'Asia/Tokyo')).toBe(expected);
  });

  test('windows across midnight UTC are measured across it', () => {
    expect(parseUtcWindow('23:30-00:30')).toEqual({ startUtc: 23 * 60 + 30, lengthMinutes: 60 });
  });

  test('RDS needs at least 30 minutes; malformed windows are refused', () => {
    expect(() => requireNightlyBackupWindow('17:00-17:15')).toThrow(/at least 30 minutes/);
    expect(() => requireNightlyBackupWindow('5pm')).toThrow(/hh:mm-hh:mm/);
    expect(requireNightlyBackupWindow('17:00-18:00')).toEqual({ startUtc: 17 * 60, lengthMinutes: 60 });
  });

  test('the AWS Backup plan starts two hours before the RDS window, in local time', () => {
    expect(backupPlanStartLocal(parseUtcWindow('17:00-18:00'), 'Asia/Tokyo')).toBe(0); // 00:00 JST
    expect(suggestedBackupWindowUtc('Asia/Tokyo')).toBe('17:00-18:00');
  });
});

describe('night in a zone with daylight saving time (Europe/Berlin: UTC+1, UTC+2 in summer)', () => {
  test('the zone uses two UTC offsets a year, read from the time-zone database', () => {
    expect(utcOffsetsMinutes('Europe/Berlin', 2026)).toEqual([60, 120]);
    expect(utcOffsetsMinutes('Asia/Tokyo', 2026)).toEqual([540]);
  });

  test('a European night window passes there and fails in Tokyo', () => {
    const window = parseUtcWindow('00:00-01:00'); // 01:00-02:00 CET, 02:00-03:00 CEST; 09:00 JST
    expect(isWithinNight(window, 'Europe/Berlin')).toBe(true);
    expect(isBackupPlanAtNight(window, 'Europe/Berlin')).toBe(true);
    expect(backupWindowProblem('00:00-01:00', 'Europe/Berlin')).toBeUndefined();
    expect(isWithinNight(window, 'Asia/Tokyo')).toBe(false);
  });

  test('a window at night in winter but not in summer time is refused (every offset counts)', () => {
    // 04:00-05:00 UTC is 05:00-06:00 CET (night) but 06:00-07:00 CEST (morning).
    expect(isWithinNight(parseUtcWindow('04:00-05:00'), 'Europe/Berlin')).toBe(false);
    expect(backupWindowProblem('04:00-05:00', 'Europe/Berlin')).toMatch(/05:00-06:00 \/ 06:00-07:00 Europe\/Berlin/);
  });

  test("the plan's lead is at least two hours all year: it is computed with the smaller (winter) offset", () => {
    // RDS at 00:00 UTC; the plan at 23:00 local: 22:00 UTC in winter (2 h lead), 21:00 UTC in summer (3 h).
    expect(backupPlanStartLocal(parseUtcWindow('00:00-01:00'), 'Europe/Berlin')).toBe(23 * 60);
  });

  test('the suggested window satisfies the rules of its zone', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC', 'Asia/Kolkata']) {
      expect(backupWindowProblem(suggestedBackupWindowUtc(zone), zone)).toBeUndefined();
    }
  });
});
