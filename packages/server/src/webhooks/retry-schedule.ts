/**
 * When to try again: the configured schedule with jitter, stretched by `Retry-After` on 429 and 503.
 * Pure: the clock and the random source come in as arguments.
 */

/**
 * The delay before the next attempt once `attemptsInRound` attempts of this round have failed, or
 * null when the schedule has none left (the delivery is then dead).
 */
export function nextRetryDelay(
  schedule: readonly number[],
  attemptsInRound: number,
  jitter: number,
  random: () => number,
): number | null {
  const base = schedule[attemptsInRound];
  if (base === undefined) return null;
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
}

/** `Retry-After` as milliseconds from `now` (delay-seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}
