/**
 * `GET /v1/metrics/timeseries`: escalations per minute, five minutes, hour or day, in total and by
 * trigger, for the console's charts. Buckets are in UTC and every bucket of the range is present
 * (zero when empty). Without a `bucket`, the range's length picks one a chart can show: the last
 * 15 minutes by the minute, the last hour by five minutes, a day by the hour, a week by the day.
 */
import { BatonError } from '../../errors.ts';
import type { ServiceContext } from '../context.ts';
import { metricsRange } from './metrics-range.ts';
import type { MetricsTimeSeries, TimeBucket, TimeSeriesFilter } from './outcome-types.ts';

const BUCKET_MS: Record<TimeBucket, number> = {
  minute: 60_000,
  '5min': 300_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** The longest range each bucket is the default for, shortest first; longer ranges go by day. */
const DEFAULT_BUCKETS: readonly { upToMs: number; bucket: TimeBucket }[] = [
  { upToMs: 30 * 60_000, bucket: 'minute' },
  { upToMs: 2 * 3_600_000, bucket: '5min' },
  { upToMs: 2 * 86_400_000, bucket: 'hour' },
];

/** The bucket a range of `lengthMs` is shown in when the request names none. */
export function defaultBucket(lengthMs: number): TimeBucket {
  return DEFAULT_BUCKETS.find((step) => lengthMs <= step.upToMs)?.bucket ?? 'day';
}
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
  const bucket = filter.bucket ?? defaultBucket(to - from);
  const first = bucketStart(from, bucket);
  const count = Math.ceil((to - first) / BUCKET_MS[bucket]);
  if (count > MAX_POINTS) {
    throw new BatonError(
      'invalid_request',
      `That range holds ${count} buckets of ${bucket}; ask for at most ${MAX_POINTS} points (a shorter range or a longer bucket, such as \`bucket=day\`).`,
      { points: count, maxPoints: MAX_POINTS },
    );
  }
  const rows = await context.database.query<{ start: Date | string; trigger: string; handoffs: number }>(
    // Epoch arithmetic rather than date_trunc, which has no five-minute unit; UTC-aligned for all four.
    `SELECT to_timestamp(floor(extract(epoch FROM h.requested_at) / $4::int) * $4::int) AS start,
       h.trigger, count(*)::int AS handoffs
     FROM handoffs h
     WHERE h.transferred_from IS NULL AND h.requested_at >= $1 AND h.requested_at < $2
       AND ($3::text IS NULL OR h.queue = $3)
     GROUP BY 1, 2`,
    [...range.params, BUCKET_MS[bucket] / 1000],
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
