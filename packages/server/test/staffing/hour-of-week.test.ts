/** Hours of the week in a time zone, across a daylight-saving change. */
import { expect, it } from 'vitest';
import { hourOccurrences, hourOfWeekIn, isTimeZone } from '../../src/staffing/hour-of-week.ts';

const HOUR = 3_600_000;

it('maps UTC hours to local hours of the week, and counts each hour of a week that springs forward', () => {
  const madrid = hourOfWeekIn('Europe/Madrid');
  // Monday 2026-03-23 08:00 UTC is 09:00 in Madrid (UTC+1): hour 9.
  expect(madrid(Date.parse('2026-03-23T08:00:00Z') / HOUR)).toBe(9);
  // After the change (Sunday 2026-03-29, 02:00 → 03:00), Monday 08:00 UTC is 10:00 (UTC+2).
  expect(madrid(Date.parse('2026-03-30T08:00:00Z') / HOUR)).toBe(10);
  // The local week Monday 23 to Monday 30 March holds 167 hours: Sunday 02:00 never happens.
  const counts = hourOccurrences(
    Date.parse('2026-03-22T23:00:00Z'),
    Date.parse('2026-03-29T22:00:00Z'),
    madrid,
  );
  expect(counts.reduce((sum, count) => sum + count, 0)).toBe(167);
  expect(counts[6 * 24 + 2]).toBe(0);
  expect(counts.filter((count) => count === 1)).toHaveLength(167);
  // In UTC every hour of a whole week occurs once.
  const utc = hourOccurrences(
    Date.parse('2026-03-23T00:00:00Z'),
    Date.parse('2026-03-30T00:00:00Z'),
    hourOfWeekIn('UTC'),
  );
  expect(utc.every((count) => count === 1)).toBe(true);
  expect(isTimeZone('America/Sao_Paulo')).toBe(true);
  expect(isTimeZone('Mars/Olympus')).toBe(false);
});
