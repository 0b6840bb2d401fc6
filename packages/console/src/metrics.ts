/**
 * The dashboard's side of the metrics API: which window a range choice asks for, and the API's time
 * series as chart columns. Every figure is computed by the server (`GET /v1/metrics` and
 * `GET /v1/metrics/timeseries`); only the list of queue names for the filter comes from the
 * handoffs, because the API has no route that lists queues. Pure: "now" comes in as an argument.
 */
import type { Handoff, MetricsTimeSeries } from '@baton/sdk';

export const RANGES = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
] as const;

export type RangeId = (typeof RANGES)[number]['id'];

/** The query for a range ending at `now` (epoch ms), and a queue ('' for all queues). */
export function metricsQuery(
  range: RangeId,
  queue: string,
  now: number,
): { queue?: string; from: string; to: string } {
  const ms = RANGES.find((option) => option.id === range)!.ms;
  return {
    ...(queue === '' ? {} : { queue }),
    from: new Date(now - ms).toISOString(),
    // `to` is exclusive: a millisecond past now, so a handoff made this instant counts.
    to: new Date(now + 1).toISOString(),
  };
}

export interface SeriesColumns {
  /** Bucket starts in epoch seconds (uPlot's x). */
  starts: number[];
  total: number[];
  /** One column per trigger, in the API's order. */
  byTrigger: { trigger: string; values: number[] }[];
  hourly: boolean;
  /** The server's bucket (it picks one that suits the range: 1 or 5 minutes, an hour, a day). */
  bucket: MetricsTimeSeries['bucket'];
}

/** The bucket in words, for chart titles ("per 5 minutes"). */
export const BUCKET_WORDS: Record<MetricsTimeSeries['bucket'], string> = {
  minute: 'per minute',
  '5min': 'per 5 minutes',
  hour: 'per hour',
  day: 'per day',
};

/** A bucket's label on the chart: clock time for minutes, date and time for hours, the date for days. */
export function bucketLabel(start: number, bucket: MetricsTimeSeries['bucket']): string {
  const at = new Date(start * 1000);
  if (bucket === 'minute' || bucket === '5min') {
    return at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  return at.toLocaleString(
    [],
    bucket === 'hour'
      ? { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' }
      : { day: 'numeric', month: 'short' },
  );
}

/** The API's points as columns, one per trigger (zero where a bucket has none of it). */
export function seriesColumns(series: MetricsTimeSeries): SeriesColumns {
  return {
    starts: series.points.map((point) => Date.parse(point.start) / 1000),
    total: series.points.map((point) => point.handoffs),
    byTrigger: series.triggers.map((trigger) => ({
      trigger,
      values: series.points.map((point) => point.byTrigger[trigger] ?? 0),
    })),
    hourly: series.bucket === 'hour',
    bucket: series.bucket,
  };
}

/** Queue names seen on handoffs, plus the one selected (so a filter never loses its own option). */
export function queueNames(handoffs: readonly Pick<Handoff, 'queue'>[], selected: string): string[] {
  const names = new Set(handoffs.map((handoff) => handoff.queue));
  if (selected !== '') names.add(selected);
  return [...names].sort();
}
