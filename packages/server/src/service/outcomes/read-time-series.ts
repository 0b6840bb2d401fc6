/**
 * `GET /v1/metrics/timeseries`: escalations per hour or day, in total and by trigger, for the
 * console's charts. Buckets are in UTC and every bucket of the range is present (zero when empty).
 */
import { BatonError } from '../../errors.ts';
import type { ServiceContext } from '../context.ts';
import { metricsRange } from './metrics-range.ts';
import type { MetricsTimeSeries, TimeBucket, TimeSeriesFilter } from './outcome-types.ts';

const BUCKET_MS: Record<TimeBucket, number> = { hour: 3_600_000, day: 86_400_000 };
/** Ranges up to this long default to hourly buckets. */
const HOURLY_UP_TO_MS = 2 * 86_400_000;
/** More points than a chart can show is a mistake in the request, not something to compute. */
export const MAX_POINTS = 2_000;

/** The start of the bucket holding `time` (UTC). */
function bucketStart(time: number, bucket: TimeBucket): number {
  return time - (time % BUCKET_MS[bucket]);
}

/** Escalations requested in the range, counted per bucket and trigger. */
export async function readTimeSeries(
  context: ServiceContext,
  filter: TimeSeriesFilter,
): Promise<MetricsTimeSeries> {
  const range = metricsRange(filter, context.now());
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const bucket = filter.bucket ?? (to - from <= HOURLY_UP_TO_MS ? 'hour' : 'day');
  const first = bucketStart(from, bucket);
  const count = Math.ceil((to - first) / BUCKET_MS[bucket]);
  if (count > MAX_POINTS) {
    throw new BatonError(
      'invalid_request',
      `That range holds ${count} ${bucket}s; ask for at most ${MAX_POINTS} points (a shorter range or \`bucket=day\`).`,
      { points: count, maxPoints: MAX_POINTS },
    );
  }
  const rows = await context.database.query<{ start: Date | string; trigger: string; handoffs: number }>(
    `SELECT date_trunc($4::text, h.requested_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start,
       h.trigger, count(*)::int AS handoffs
     FROM handoffs h
     WHERE h.transferred_from IS NULL AND h.requested_at >= $1 AND h.requested_at < $2
       AND ($3::text IS NULL OR h.queue = $3)
     GROUP BY 1, 2`,
    [...range.params, bucket],
  );
  const points = Array.from({ length: count }, (_, index) => ({
    start: new Date(first + index * BUCKET_MS[bucket]).toISOString(),
    handoffs: 0,
    byTrigger: {} as Record<string, number>,
  }));
  const triggers = new Set<string>();
  for (const row of rows) {
    const index = Math.round((new Date(row.start).getTime() - first) / BUCKET_MS[bucket]);
    const point = points[index];
    if (!point) continue;
    point.handoffs += row.handoffs;
    point.byTrigger[row.trigger] = (point.byTrigger[row.trigger] ?? 0) + row.handoffs;
    triggers.add(row.trigger);
  }
  return {
    range: { from: range.from, to: range.to, queue: range.queue },
    bucket,
    triggers: [...triggers].sort(),
    points,
  };
}
