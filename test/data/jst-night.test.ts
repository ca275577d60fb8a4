import { isWithinJstNight, parseUtcWindow, requireNightlyBackupWindow } from '../../lib/data/jst-night';

describe('JST night (DATA-2)', () => {
  test.each([
    ['17:00-18:00', true], // 02:00-03:00 JST, the default
    ['13:00-13:30', true], // 22:00-22:30 JST
    ['20:30-21:00', true], // 05:30-06:00 JST
    ['20:45-21:15', false], // ends 06:15 JST
    ['12:30-13:30', false], // starts 21:30 JST
    ['03:00-04:00', false], // noon JST
  ])('%s UTC within the JST night: %s', (window, expected) => {
    expect(isWithinJstNight(parseUtcWindow(window))).toBe(expected);
  });

  test('windows across midnight UTC are measured across it', () => {
    expect(parseUtcWindow('23:30-00:30')).toEqual({ startUtc: 23 * 60 + 30, lengthMinutes: 60 });
  });

  test('RDS needs at least 30 minutes; malformed windows are refused', () => {
    expect(() => requireNightlyBackupWindow('17:00-17:15')).toThrow(/at least 30 minutes/);
    expect(() => requireNightlyBackupWindow('5pm')).toThrow(/hh:mm-hh:mm/);
    expect(requireNightlyBackupWindow('17:00-18:00')).toEqual({ startUtc: 17 * 60, lengthMinutes: 60 });
  });
});
