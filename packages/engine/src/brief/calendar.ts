/**
 * Calendar arithmetic on plain numbers, because the engine may not touch the `Date` global.
 * Days are counted from 1970-01-01 (day 0); the algorithms are Howard Hinnant's
 * (https://howardhinnant.github.io/date_algorithms.html), exact over the proleptic Gregorian calendar.
 */

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Counts the days from 1970-01-01 to a civil date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Turns a day count from 1970-01-01 back into a civil date. */
export function civilFromDays(days: number): CivilDate {
  const shifted = days + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day of the week of a day count: 0 is Sunday, 6 is Saturday. */
export function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** Number of days in a month. */
export function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

/** Adds whole months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: CivilDate, months: number): CivilDate {
  const total = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** Formats a civil date as YYYY-MM-DD. */
export function formatIsoDate(date: CivilDate): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export interface ParsedTimestamp {
  /** The calendar date as written (the writer's local date when an offset is given). */
  localDate: CivilDate;
  /** Milliseconds since the Unix epoch, UTC. */
  epochMs: number;
}

/** Parses an ISO 8601 timestamp without the `Date` global; null when it is not one. */
export function parseTimestamp(text: string): ParsedTimestamp | null {
  const match = ISO_TIMESTAMP.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const localDate = { year: Number(year), month: Number(month), day: Number(day) };
  if (localDate.month < 1 || localDate.month > 12) return null;
  if (localDate.day < 1 || localDate.day > daysInMonth(localDate.year, localDate.month)) return null;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
  }
  const millisecondsOfDay =
    ((Number(hour ?? 0) * 60 + Number(minute ?? 0) - offsetMinutes) * 60 + Number(second ?? 0)) * 1000 +
    Math.round(Number(`0.${fraction ?? '0'}`) * 1000);
  const epochMs =
    daysFromCivil(localDate.year, localDate.month, localDate.day) * 86_400_000 + millisecondsOfDay;
  return { localDate, epochMs };
}
