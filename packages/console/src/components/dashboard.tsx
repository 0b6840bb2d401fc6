/**
 * The lead's dashboard: handoffs over time and by trigger, time to claim and to the first operator
 * reply (p50/p90), abandonment, outcomes and each trigger's warranted rate, filtered by queue and
 * time range. Numbers are computed in the console (metrics.ts) until the API serves them.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BatonEvent, Handoff } from '@baton/sdk';
import type { ConsoleApi } from '../api.ts';
import { describeFailure } from '../api.ts';
import { formatDuration, triggerLabel } from '../format.ts';
import { computeMetrics, firstOperatorReply, type Metrics } from '../metrics.ts';
import { Chart } from './chart.tsx';

const RANGES = [
  { id: '1h', label: 'Last hour', ms: 3600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
] as const;

/** Threads read at most per load, for first-reply times (the rest count as "not read"). */
const MAX_THREADS = 150;

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)} %`);
const duration = (value: number | null) => (value === null ? '–' : formatDuration(value));

interface Loaded {
  handoffs: Handoff[];
  firstReplies: Map<string, string | null>;
  at: number;
}

/** Reads the handoffs, then the threads of the claimed ones (six at a time). */
async function load(api: ConsoleApi, since: number): Promise<Loaded> {
  const handoffs = await api.listHandoffs({ limit: 500 });
  const claimed = handoffs.filter((handoff) => handoff.claimedAt && Date.parse(handoff.requestedAt) >= since);
  const conversations = [...new Set(claimed.map((handoff) => handoff.conversationId))].slice(0, MAX_THREADS);
  const turnsByConversation = new Map<string, { role: string; at: string }[]>();
  for (let index = 0; index < conversations.length; index += 6) {
    const batch = conversations.slice(index, index + 6);
    const views = await Promise.all(batch.map((id) => api.getConversation(id).catch(() => null)));
    views.forEach((view, position) => view && turnsByConversation.set(batch[position]!, view.turns));
  }
  const firstReplies = new Map<string, string | null>();
  for (const handoff of claimed) {
    const turns = turnsByConversation.get(handoff.conversationId);
    if (turns) firstReplies.set(handoff.id, firstOperatorReply(handoff, turns));
  }
  return { handoffs, firstReplies, at: Date.now() };
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

function Charts({ metrics }: { metrics: Metrics }) {
  const hourly = metrics.bucketSeconds < 86_400;
  const timeLabel = (start: number) =>
    new Date(start * 1000).toLocaleString(
      [],
      hourly
        ? { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' }
        : { day: 'numeric', month: 'short' },
    );
  const triggers = metrics.byTrigger.map((row) => triggerLabel(row.trigger));
  const judged = metrics.outcomes.judged;
  const share = (count: number) => (judged > 0 ? (count / judged) * 100 : null);
  return (
    <div className="chart-grid">
      <Chart
        title="Handoffs over time"
        x={{ kind: 'time', starts: metrics.overTime.starts, label: timeLabel }}
        series={[{ label: 'Handoffs', values: metrics.overTime.counts, color: '#274690' }]}
      />
      <Chart
        title="Handoffs by trigger"
        x={{ kind: 'categories', labels: triggers }}
        series={[{ label: 'Handoffs', values: metrics.byTrigger.map((row) => row.count), color: '#274690' }]}
      />
      <Chart
        title="Time to claim (p50 and p90)"
        x={{ kind: 'time', starts: metrics.overTime.starts, label: timeLabel }}
        yLabel="seconds"
        series={[
          {
            label: 'p50',
            values: metrics.overTime.claimP50,
            color: '#1b7f5b',
            kind: 'line',
            format: formatDuration,
          },
          {
            label: 'p90',
            values: metrics.overTime.claimP90,
            color: '#b3401e',
            kind: 'line',
            format: formatDuration,
          },
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
            format: (value) => `${Math.round(value)} %`,
          },
        ]}
      />
      <Chart
        title="Outcomes (share of judged handoffs)"
        x={{
          kind: 'categories',
          labels: ['resolved', 'warranted', 'right reason', 'agent could have', 'customer repeated'],
        }}
        yMax={100}
        yLabel="%"
        series={[
          {
            label: 'Share',
            values: [
              share(metrics.outcomes.resolved),
              share(metrics.outcomes.warranted),
              share(metrics.outcomes.rightReason),
              share(metrics.outcomes.agentCouldHaveHandled),
              share(metrics.outcomes.customerRepeated),
            ],
            color: '#6a3d9a',
            format: (value) => `${Math.round(value)} %`,
          },
        ]}
      />
      <Chart
        title="How handoffs ended"
        x={{ kind: 'categories', labels: Object.keys(metrics.byStatus) }}
        series={[{ label: 'Handoffs', values: Object.values(metrics.byStatus), color: '#8a5a00' }]}
      />
    </div>
  );
}

export function Dashboard(props: {
  api: ConsoleApi;
  subscribeEvents: (listener: (event: BatonEvent) => void) => () => void;
}) {
  const { api } = props;
  const [range, setRange] = useState<(typeof RANGES)[number]['id']>('24h');
  const [queue, setQueue] = useState('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rangeMs = RANGES.find((option) => option.id === range)!.ms;

  const refresh = useCallback(() => {
    load(api, Date.now() - rangeMs).then(
      (result) => {
        setLoaded(result);
        setError(null);
      },
      (failure: unknown) => setError(describeFailure(failure)),
    );
  }, [api, rangeMs]);

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

  const queues = useMemo(
    () => [...new Set(loaded?.handoffs.map((handoff) => handoff.queue) ?? [])].sort(),
    [loaded],
  );
  const metrics = useMemo(
    () =>
      loaded
        ? computeMetrics(loaded.handoffs, loaded.firstReplies, {
            queue,
            from: loaded.at - rangeMs,
            to: loaded.at + 1,
          })
        : null,
    [loaded, queue, rangeMs],
  );

  return (
    <main className="dashboard" aria-labelledby="dashboard-title">
      <div className="dashboard-head">
        <h1 id="dashboard-title">Dashboard</h1>
        <div className="filters" role="group" aria-label="Filters">
          <label>
            Queue
            <select value={queue} onChange={(event) => setQueue(event.target.value)}>
              <option value="">All queues</option>
              {queues.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Time range
            <select value={range} onChange={(event) => setRange(event.target.value as typeof range)}>
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
      {metrics ? (
        <>
          <div className="tiles">
            <Tile
              testId="tile-handoffs"
              label="Handoffs"
              value={String(metrics.total)}
              detail={`${metrics.byStatus.queued} waiting, ${metrics.byStatus.claimed} with an operator`}
            />
            <Tile
              testId="tile-claim"
              label="Time to claim"
              value={`p50 ${duration(metrics.timeToClaim.p50)}`}
              detail={`p90 ${duration(metrics.timeToClaim.p90)} · ${metrics.timeToClaim.count} claims`}
            />
            <Tile
              testId="tile-reply"
              label="Time to first operator reply"
              value={`p50 ${duration(metrics.timeToFirstReply.p50)}`}
              detail={`p90 ${duration(metrics.timeToFirstReply.p90)} · ${metrics.timeToFirstReply.count} replies`}
            />
            <Tile
              testId="tile-abandonment"
              label="Abandonment"
              value={percent(metrics.abandonment.rate)}
              detail={`${metrics.abandonment.abandoned} left, ${metrics.abandonment.expired} expired`}
            />
            <Tile
              testId="tile-resolved"
              label="Resolved"
              value={String(metrics.byStatus.resolved)}
              detail={`${metrics.outcomes.judged} with an outcome`}
            />
            <Tile
              testId="tile-warranted"
              label="Warranted"
              value={percent(
                metrics.outcomes.judged > 0 ? metrics.outcomes.warranted / metrics.outcomes.judged : null,
              )}
              detail="of handoffs with an outcome"
            />
          </div>
          <Charts metrics={metrics} />
          <p className="footnote">
            Computed in the console from the latest {loaded?.handoffs.length ?? 0} handoffs; first replies
            read from up to {MAX_THREADS} threads.
          </p>
        </>
      ) : error ? null : (
        <p aria-live="polite">Loading…</p>
      )}
    </main>
  );
}
