/**
 * `GET /v1/staffing`: the forecast from the stored history of `[from, to)` (default: the four whole
 * weeks before now, so every hour of the week is seen four times), against operators online now.
 */
import { BatonError } from '../errors.ts';
import type { ServiceContext } from '../service/context.ts';
import { forecastStaffing, type StaffingReport, type StaffingSettings } from './forecast.ts';
import { readStaffingHistory } from './history-sql.ts';
import { HOUR_MS, isTimeZone } from './hour-of-week.ts';

export const DEFAULT_HISTORY_DAYS = 28;
/** A year of hourly history is plenty; more is a mistake in the request. */
export const MAX_HISTORY_DAYS = 366;
const DAY_MS = 86_400_000;
/** The most conversations per operator a plan uses (the API's own bound on `concurrency`). */
const MAX_CONCURRENCY = 50;

export interface StaffingQuery {
  queue?: string;
  from?: string;
  to?: string;
  serviceLevel?: number;
  answerSeconds?: number;
  concurrency?: number;
  maxOccupancy?: number;
  maxAbandonment?: number;
  handoffRateChange?: number;
  timeZone?: string;
}

/**
 * The settings with their defaults: 80% claimed within 60 s, one conversation per operator (from the
 * database, each queue's recorded presence capacity instead: `presenceCapacity`), UTC.
 */
export function staffingSettings(query: StaffingQuery): StaffingSettings {
  const timeZone = query.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone)) {
    throw new BatonError('invalid_request', `\`timeZone\` is not a known IANA time zone: ${timeZone}.`, {
      errors: [{ path: 'query.timeZone', message: 'unknown time zone' }],
    });
  }
  return {
    serviceLevel: query.serviceLevel ?? 0.8,
    answerSeconds: query.answerSeconds ?? 60,
    concurrency: query.concurrency ?? 1,
    maxOccupancy: query.maxOccupancy ?? null,
    maxAbandonment: query.maxAbandonment ?? null,
    handoffRateChange: query.handoffRateChange ?? 0,
    timeZone,
  };
}

/** The history range: whole hours, `to` default now, `from` default 28 days before; at most a year. */
export function staffingRange(
  query: Pick<StaffingQuery, 'from' | 'to'>,
  now: Date,
): { from: string; to: string } {
  const to = query.to === undefined ? now.getTime() : Date.parse(query.to);
  const from = query.from === undefined ? to - DEFAULT_HISTORY_DAYS * DAY_MS : Date.parse(query.from);
  if (Number.isNaN(from) || Number.isNaN(to)) {
    throw new BatonError('invalid_request', '`from` and `to` must be ISO times.');
  }
  const start = Math.floor(from / HOUR_MS) * HOUR_MS;
  const end = Math.floor(to / HOUR_MS) * HOUR_MS;
  if (start >= end) {
    throw new BatonError('invalid_request', '`from` must be at least an hour before `to`.', {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
  }
  if (end - start > MAX_HISTORY_DAYS * DAY_MS) {
    throw new BatonError('invalid_request', `Ask for at most ${MAX_HISTORY_DAYS} days of history.`, {
      maxDays: MAX_HISTORY_DAYS,
    });
  }
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** What the forecast reads: the database, the clock, the configured queues and the presence window. */
export type StaffingContext = Pick<ServiceContext, 'database' | 'now' | 'queues' | 'limits'>;

/**
 * Operators online now, by the rule of presence.ts (`online`, set within the presence window; no
 * queues means every queue): per queue, and each operator once in all.
 */
async function onlineNow(context: StaffingContext, queues: readonly string[]) {
  const since = new Date(context.now().getTime() - context.limits.presenceTtlMs).toISOString();
  const rows = await context.database.query<{ queues: string[] }>(
    `SELECT queues FROM operator_presence WHERE status = 'online' AND updated_at >= $1`,
    [since],
  );
  const byQueue = new Map<string, number>();
  for (const queue of queues) {
    byQueue.set(queue, rows.filter((row) => row.queues.length === 0 || row.queues.includes(queue)).length);
  }
  return { byQueue, total: rows.length };
}

/** The median of `values`, the lower middle one when their count is even (so always one of them). */
export function lowerMedian(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * Per queue, the median capacity the queue's operators recorded in their presence: every operator
 * whose presence was last set or kept alive within `[from, to)` and who serves the queue (no queues:
 * every queue), whatever their status now. Presence keeps each operator's latest record only, so
 * this is the capacity they last worked with in the range. Operators without a limit are not counted;
 * a queue where nobody recorded one is absent (the default, 1, applies).
 */
export async function presenceCapacity(
  context: StaffingContext,
  range: { from: string; to: string },
  queues: readonly string[],
): Promise<Map<string, number>> {
  const rows = await context.database.query<{ queues: string[]; capacity: number }>(
    `SELECT queues, capacity FROM operator_presence
     WHERE capacity IS NOT NULL AND updated_at >= $1 AND updated_at < $2`,
    [range.from, range.to],
  );
  const byQueue = new Map<string, number>();
  for (const queue of queues) {
    const median = lowerMedian(
      rows.filter((row) => row.queues.length === 0 || row.queues.includes(queue)).map((row) => row.capacity),
    );
    if (median !== undefined) byQueue.set(queue, Math.min(median, MAX_CONCURRENCY));
  }
  return byQueue;
}

/** The staffing forecast of one queue (or all) from the database. */
export async function readStaffing(context: StaffingContext, query: StaffingQuery): Promise<StaffingReport> {
  const settings = staffingSettings(query);
  const range = staffingRange(query, context.now());
  const queue = query.queue ?? null;
  const history = await context.database.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return readStaffingHistory(tx, { ...range, queue }, settings.answerSeconds);
  });
  const queues = queue === null ? [...new Set([...context.queues, ...history.keys()])] : [queue];
  const online = await onlineNow(context, queues);
  const concurrencyGiven = query.concurrency !== undefined;
  const capacity = concurrencyGiven ? undefined : await presenceCapacity(context, range, queues);
  return forecastStaffing({
    history,
    ...range,
    queues,
    settings,
    online,
    concurrencyGiven,
    ...(capacity ? { presenceCapacity: capacity } : {}),
  });
}
