/**
 * Hours of the week in a time zone: 0 is Monday 00:00–01:00, 167 is Sunday 23:00–24:00, in the
 * zone's local time (so a queue sized for "Monday 9:00" means 9:00 where its customers are, across
 * daylight-saving changes). History is kept in UTC hours and mapped here, once per hour.
 */
export const HOURS_PER_WEEK = 168;
export const HOUR_MS = 3_600_000;

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** True when `timeZone` is an IANA zone this runtime knows (e.g. `Europe/Madrid`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Maps UTC hour indexes (epoch hours) to hours of the week in one zone, caching each formatter. */
export function hourOfWeekIn(timeZone: string): (epochHour: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: 'numeric',
    hourCycle: 'h23',
  });
  return (epochHour) => {
    let weekday = 0;
    let hour = 0;
    for (const part of format.formatToParts(new Date(epochHour * HOUR_MS))) {
      if (part.type === 'weekday') weekday = WEEKDAY_INDEX[part.value] ?? 0;
      if (part.type === 'hour') hour = Number(part.value);
    }
    return weekday * 24 + hour;
  };
}

/** How many times each hour of the week occurs in `[from, to)` (whole UTC hours that start inside it). */
export function hourOccurrences(
  fromMs: number,
  toMs: number,
  toHourOfWeek: (epochHour: number) => number,
): number[] {
  const counts = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (let hour = Math.ceil(fromMs / HOUR_MS); hour * HOUR_MS < toMs; hour += 1) {
    counts[toHourOfWeek(hour)]! += 1;
  }
  return counts;
}
