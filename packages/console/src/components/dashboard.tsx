/**
 * The lead's dashboard: the figures of `GET /v1/metrics` (handoff rate, times to claim, first reply
 * and resolve, abandonment, warranted rate, late handoffs, misses, repeats, ratings, and each
 * trigger's record) and the handoffs per hour or day of `GET /v1/metrics/timeseries`, for a queue
 * and a time range that go to the API as they are. The console computes none of it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BatonEvent, Metrics, MetricsTimeSeries } from '@baton/sdk';
import { useSearchParams } from 'wouter';
import type { ConsoleApi } from '../api.ts';
import { describeFailure } from '../api.ts';
import { formatDuration, formatShare, triggerLabel } from '../format.ts';
import {
  BUCKET_WORDS,
  bucketLabel,
  metricsQuery,
  queueNames,
  RANGES,
  seriesColumns,
  type RangeId,
} from '../metrics.ts';
import { Chart } from './chart.tsx';
import { OutcomeAnswers } from './outcome-answers.tsx';
import { TriggerTable } from './trigger-table.tsx';

const duration = (value: number | null) => (value === null ? '–' : formatDuration(value));

/** One colour per trigger line, in the time series' order (then round again). */
const TRIGGER_COLORS = ['#274690', '#b3401e', '#1b7f5b', '#6a3d9a', '#8a5a00', '#0f6e84', '#a3246b'];

interface Loaded {
  metrics: Metrics;
  series: MetricsTimeSeries;
  /** Queue names for the filter: the API lists none, so they come from the latest handoffs. */
  queues: string[];
}

/** The figures and the series for one query, with the queue names beside them. */
async function load(api: ConsoleApi, range: RangeId, queue: string): Promise<Loaded> {
  const query = metricsQuery(range, queue, Date.now());
  const [metrics, series, handoffs] = await Promise.all([
    api.metrics(query),
    api.metricsTimeSeries(query),
    api.listHandoffs({ limit: 500 }).catch(() => []),
  ]);
  return { metrics, series, queues: queueNames(handoffs, queue) };
}

function Tile(props: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="tile" data-testid={props.testId}>
      <div className="tile-label">{props.label}</div>
      <div className="tile-value">{props.value}</div>
      {props.detail ? <div className="tile-detail">{props.detail}</div> : null}
    </div>
  );
}

function Tiles({ metrics }: { metrics: Metrics }) {
  const { times, abandonment, outcomes, repeats, ratings } = metrics;
  return (
    <div className="tiles">
      <Tile
        testId="tile-handoffs"
        label="Handoffs"
        value={String(metrics.handoffs)}
        detail={`handoff rate ${formatShare(metrics.handoffRate)} of ${metrics.conversations} conversations`}
      />
      <Tile
        testId="tile-claim"
        label="Time to claim"
        value={`p50 ${duration(times.toClaim.p50)}`}
        detail={`p90 ${duration(times.toClaim.p90)} · ${times.toClaim.count} claims`}
      />
      <Tile
        testId="tile-reply"
        label="Time to first operator reply"
        value={`p50 ${duration(times.toFirstReply.p50)}`}
        detail={`p90 ${duration(times.toFirstReply.p90)} · ${times.toFirstReply.count} replies`}
      />
      <Tile
        testId="tile-resolve"
        label="Time to resolve"
        value={`p50 ${duration(times.toResolve.p50)}`}
        detail={`p90 ${duration(times.toResolve.p90)} · ${times.toResolve.count} resolved`}
      />
      <Tile
        testId="tile-abandonment"
        label="Abandonment"
        value={formatShare(abandonment.rate)}
        detail={`${abandonment.abandoned} left (${abandonment.whileWaiting} while waiting), ${abandonment.expired} expired`}
      />
      <Tile
        testId="tile-resolved"
        label="Resolved"
        value={String(metrics.cameBack.resolved)}
        detail={`${outcomes.withOutcome} with an outcome`}
      />
      <Tile
        testId="tile-warranted"
        label="Warranted"
        value={formatShare(outcomes.warrantedRate)}
        detail={`${outcomes.warranted} of ${outcomes.withOutcome} with an outcome · ${outcomes.late} late`}
      />
      <Tile
        testId="tile-came-back"
        label="Came back within 24 h"
        value={formatShare(metrics.cameBack.rate)}
        detail={`${metrics.cameBack.within24h} of ${metrics.cameBack.resolved} resolved`}
      />
      <Tile
        testId="tile-asked-again"
        label="Asked again after a return"
        value={formatShare(metrics.askedAgain.rate)}
        detail={`${metrics.askedAgain.afterReturn} of ${metrics.askedAgain.returned} returned to the agent`}
      />
      <Tile
        testId="tile-misses"
        label="Misses"
        value={String(metrics.misses)}
        detail="ended badly without a handoff"
      />
      <Tile
        testId="tile-repeats"
        label="Repeat rate"
        value={formatShare(repeats.rate)}
        detail={`${repeats.withRepeats} of ${repeats.claimed} claimed handoffs`}
      />
      <Tile
        testId="tile-ratings"
        label="Rating"
        value={ratings.mean === null ? '–' : `${ratings.mean.toFixed(1)} / 5`}
        detail={`${ratings.count} ratings`}
      />
    </div>
  );
}

function Charts({ metrics, series }: { metrics: Metrics; series: MetricsTimeSeries }) {
  const columns = seriesColumns(series);
  const timeLabel = (start: number) => bucketLabel(start, columns.bucket);
  const per = BUCKET_WORDS[columns.bucket];
  const time = { kind: 'time', starts: columns.starts, label: timeLabel } as const;
  const triggers = metrics.byTrigger.map((row) => triggerLabel(row.trigger));
  const asPercent = (value: number) => `${Math.round(value)} %`;
  return (
    <div className="chart-grid">
      <Chart
        title={`Handoffs ${per}`}
        x={time}
        series={[{ label: 'Handoffs', values: columns.total, color: '#274690' }]}
      />
      <Chart
        title={`Handoffs ${per}, by trigger`}
        x={time}
        series={columns.byTrigger.map((column, index) => ({
          label: triggerLabel(column.trigger),
          values: column.values,
          color: TRIGGER_COLORS[index % TRIGGER_COLORS.length]!,
          kind: 'line' as const,
        }))}
      />
      <Chart
        title="Handoffs by trigger"
        x={{ kind: 'categories', labels: triggers }}
        series={[
          { label: 'Handoffs', values: metrics.byTrigger.map((row) => row.handoffs), color: '#274690' },
        ]}
      />
      <Chart
        title="Warranted rate by trigger"
        x={{ kind: 'categories', labels: triggers }}
        yMax={100}
        yLabel="% warranted"
        series={[
          {
            label: 'Warranted',
            values: metrics.byTrigger.map((row) =>
              row.warrantedRate === null ? null : row.warrantedRate * 100,
            ),
            color: '#1b7f5b',
            format: asPercent,
          },
        ]}
      />
      <Chart
        title="Times (p50 and p90)"
        x={{ kind: 'categories', labels: ['to claim', 'to first reply', 'to resolve'] }}
        yLabel="seconds"
        series={(['p50', 'p90'] as const).map((key, index) => ({
          label: key,
          values: [metrics.times.toClaim[key], metrics.times.toFirstReply[key], metrics.times.toResolve[key]],
          color: index === 0 ? '#1b7f5b' : '#b3401e',
          format: formatDuration,
        }))}
      />
      <Chart
        title="Ratings"
        x={{ kind: 'categories', labels: ['1', '2', '3', '4', '5'] }}
        series={[
          {
            label: 'Ratings',
            values: (['1', '2', '3', '4', '5'] as const).map((stars) => metrics.ratings.distribution[stars]),
            color: '#6a3d9a',
          },
        ]}
      />
    </div>
  );
}

function rangeOf(asked: string | null): RangeId {
  return RANGES.some((option) => option.id === asked) ? (asked as RangeId) : '24h';
}

export function Dashboard(props: {
  api: ConsoleApi;
  subscribeEvents: (listener: (event: BatonEvent) => void) => () => void;
}) {
  const { api } = props;
  // The filters live in the address (?range=1h&queue=billing): a reload or a shared link keeps them.
  // Read from the address on every render; changing one replaces the entry, so back leaves the page.
  const [search, setSearch] = useSearchParams();
  const range = rangeOf(search.get('range'));
  const queue = search.get('queue') ?? '';
  const writeFilters = (nextRange: RangeId, nextQueue: string) =>
    setSearch(
      (params) => {
        params.set('range', nextRange);
        if (nextQueue === '') params.delete('queue');
        else params.set('queue', nextQueue);
        return params;
      },
      { replace: true },
    );
  const setRange = (next: RangeId) => writeFilters(next, queue);
  const setQueue = (next: string) => writeFilters(range, next);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Only the latest request's answer is shown: a slow answer for an older filter is dropped.
  const latest = useRef(0);
  const refresh = useCallback(() => {
    const request = ++latest.current;
    load(api, range, queue).then(
      (result) => {
        if (request !== latest.current) return;
        setLoaded(result);
        setError(null);
      },
      (failure: unknown) => request === latest.current && setError(describeFailure(failure)),
    );
  }, [api, range, queue]);

  useEffect(refresh, [refresh]);
  // Live: a handoff event refreshes the numbers, at most every two seconds.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { subscribeEvents } = props;
  useEffect(
    () =>
      subscribeEvents((event) => {
        if (!event.type.startsWith('handoff-') || pending.current) return;
        pending.current = setTimeout(() => {
          pending.current = null;
          refresh();
        }, 2000);
      }),
    [subscribeEvents, refresh],
  );
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);

  return (
    <main className="dashboard" aria-labelledby="dashboard-title">
      <div className="dashboard-head">
        <h1 id="dashboard-title">Dashboard</h1>
        <div className="filters" role="group" aria-label="Filters">
          <label>
            Queue
            <select value={queue} onChange={(event) => setQueue(event.target.value)}>
              <option value="">All queues</option>
              {(loaded?.queues ?? []).map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Time range
            <select value={range} onChange={(event) => setRange(event.target.value as RangeId)}>
              {RANGES.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={refresh}>
            Refresh
          </button>
        </div>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {loaded ? (
        <div aria-busy={loaded.metrics.range.queue !== (queue === '' ? null : queue)}>
          <Tiles metrics={loaded.metrics} />
          <TriggerTable rows={loaded.metrics.byTrigger} />
          <OutcomeAnswers metrics={loaded.metrics} />
          <Charts metrics={loaded.metrics} series={loaded.series} />
          <p className="footnote">
            From {new Date(loaded.metrics.range.from).toLocaleString()} to{' '}
            {new Date(loaded.metrics.range.to).toLocaleString()}
            {loaded.metrics.range.queue ? `, queue ${loaded.metrics.range.queue}` : ', all queues'}. With a
            queue, conversations and misses count every queue (a conversation has no queue).
          </p>
        </div>
      ) : error ? null : (
        <p aria-live="polite">Loading…</p>
      )}
    </main>
  );
}
