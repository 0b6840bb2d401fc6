/** The time range and queue of a metrics request, checked once with its defaults. */
import { BatonError } from '../../errors.ts';
import type { MetricsFilter } from './outcome-types.ts';

/** A range given without `from` covers this many days before `to`. */
export const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface MetricsRange {
  from: string;
  to: string;
  queue: string | null;
  /** `[from, to, queue]`: the `$1..$3` of every metric query. */
  params: [string, string, string | null];
}

function parseTime(value: string, name: string): number {
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new BatonError('invalid_request', `\`${name}\` is not an ISO time: ${value}.`);
  return time;
}

/** The range with its defaults (the last 30 days up to `now`); `invalid_request` when from ≥ to. */
export function metricsRange(filter: MetricsFilter, now: Date): MetricsRange {
  const to = filter.to === undefined ? now.getTime() : parseTime(filter.to, 'to');
  const from = filter.from === undefined ? to - DEFAULT_RANGE_DAYS * DAY_MS : parseTime(filter.from, 'from');
  if (from >= to) {
    throw new BatonError('invalid_request', '`from` must be earlier than `to`.', {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
  }
  const range = {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    queue: filter.queue ?? null,
  };
  return { ...range, params: [range.from, range.to, range.queue] };
}

/** `part / whole`, or null when there is nothing to divide by (4 decimals). */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}
