/**
 * The queues page: one row per queue from `GET /v1/queues` with its depth, the oldest wait (ticking),
 * operators online and free places, the SLA targets and state (in words, never colour alone),
 * business hours (open, or closed and when it opens) and the overflow queue. Kept live from the
 * console's event stream, re-read every `RELIST_MS` as a safety net; "Live" only while the stream
 * is open and the last read succeeded.
 */
import { useEffect, useRef, useState } from 'react';
import type { QueueList, QueueState } from '@baton/sdk';
import { describeFailure, type ConsoleApi } from '../api.ts';
import type { EventHub } from '../event-hub.ts';
import { formatDuration } from '../format.ts';
import { nextOpening, SLA_WORDS, type QueueHours } from '../routing.ts';

export const RELIST_MS = 15_000;
const DEBOUNCE_MS = 250;
const RETRY_MS = 2_000;

interface Listing {
  list: QueueList;
  /** Hours per queue from the configuration, for "opens …". */
  hours: ReadonlyMap<string, QueueHours>;
  /** When the list was read (the browser's clock), so waits can tick from it. */
  readAt: number;
}

function hoursOf(document: unknown): Map<string, QueueHours> {
  const hours = new Map<string, QueueHours>();
  const queues = (document as { queues?: Record<string, { hours?: QueueHours }> } | null)?.queues ?? {};
  for (const [name, settings] of Object.entries(queues)) if (settings?.hours) hours.set(name, settings.hours);
  return hours;
}

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

function QueueRow(props: { queue: QueueState; hours: QueueHours | undefined; now: number; readAt: number }) {
  const { queue } = props;
  const oldest =
    queue.oldestWaitSeconds === null
      ? null
      : queue.oldestWaitSeconds + Math.max(0, (props.now - props.readAt) / 1000);
  const opening = !queue.open && props.hours ? nextOpening(props.hours, new Date(props.now)) : null;
  return (
    <tr data-queue={queue.name} className={`sla-${queue.sla.state}`}>
      <th scope="row">
        {queue.name}
        <span className="queue-mode">{queue.mode === 'offer' ? 'offers' : 'claim'}</span>
      </th>
      <td data-testid="queue-depth">{queue.depth}</td>
      <td data-testid="queue-oldest">{oldest === null ? '–' : formatDuration(oldest)}</td>
      <td data-testid="queue-operators">
        {queue.operatorsOnline} online · {queue.freeSlots} free {queue.freeSlots === 1 ? 'place' : 'places'}
      </td>
      <td>
        <span className="sla-targets">
          {PRIORITIES.map(
            (priority) => `${priority} ${formatDuration(queue.sla.targetSeconds[priority])}`,
          ).join(' · ')}
        </span>
      </td>
      <td data-testid="queue-sla">
        <span className={`sla-state sla-${queue.sla.state}`}>{SLA_WORDS[queue.sla.state]}</span>
        {queue.sla.breached > 0 ? (
          <span className="sla-breached-count"> ({queue.sla.breached} over)</span>
        ) : null}
      </td>
      <td data-testid="queue-hours">
        {queue.open
          ? props.hours
            ? 'Open'
            : 'Always open'
          : `Closed${opening ? ` · opens ${opening}` : ''}`}
      </td>
      <td>{queue.overflow ?? '–'}</td>
    </tr>
  );
}

export function Queues(props: { api: ConsoleApi; hub: EventHub; connected: boolean }) {
  const { api, hub } = props;
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [synced, setSynced] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const hours = useRef<ReadonlyMap<string, QueueHours>>(new Map());

  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let withConfig = true;
    const read = () => {
      timer = null;
      if (retry) clearTimeout(retry);
      retry = null;
      const config = withConfig ? api.getQueueConfig() : null;
      Promise.all([api.listQueues(), config])
        .then(([list, history]) => {
          if (!active) return;
          if (history) {
            hours.current = hoursOf(history.current?.document ?? null);
            withConfig = false;
          }
          setListing({ list, hours: hours.current, readAt: Date.now() });
          setError(null);
          setSynced(true);
        })
        .catch((failure: unknown) => {
          if (!active) return;
          setSynced(false);
          setError(`The queues could not be refreshed: ${describeFailure(failure)} Trying again…`);
          retry = setTimeout(read, RETRY_MS);
        });
    };
    const soon = () => {
      timer ??= setTimeout(read, DEBOUNCE_MS);
    };
    const stop = hub.listen((event) => {
      if (event.type === 'queues-updated') withConfig = true;
      if (event.type.startsWith('handoff-') || event.type === 'queues-updated') soon();
    });
    const stopConnection = hub.onConnection((connected) => {
      if (connected) soon();
      else setSynced(false);
    });
    const periodic = setInterval(read, RELIST_MS);
    const ticker = setInterval(() => setNow(Date.now()), 1000);
    read();
    return () => {
      active = false;
      stop();
      stopConnection();
      clearInterval(periodic);
      clearInterval(ticker);
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
    };
  }, [api, hub]);

  const badge = !props.connected ? 'Reconnecting…' : synced ? 'Live' : 'Catching up…';
  return (
    <main className="queues-page" aria-labelledby="queues-title">
      <header className="queues-head">
        <h1 id="queues-title">Queues</h1>
        <span
          className={`live ${badge === 'Live' ? 'on' : 'off'}`}
          aria-live="polite"
          data-testid="queues-live"
        >
          {badge}
        </span>
        {listing ? <span className="hint">Configuration {listing.list.version}</span> : null}
      </header>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {!listing ? (
        <p aria-live="polite">Loading the queues…</p>
      ) : listing.list.queues.length === 0 ? (
        <p>No queues are configured.</p>
      ) : (
        <div className="table-scroll">
          <table className="queues-table">
            <caption className="visually-hidden">Every queue, live</caption>
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Waiting</th>
                <th scope="col">Oldest wait</th>
                <th scope="col">Operators</th>
                <th scope="col">SLA target (time to claim)</th>
                <th scope="col">SLA</th>
                <th scope="col">Hours</th>
                <th scope="col">Overflow</th>
              </tr>
            </thead>
            <tbody>
              {listing.list.queues.map((queue) => (
                <QueueRow
                  key={queue.name}
                  queue={queue}
                  hours={listing.hours.get(queue.name)}
                  now={now}
                  readAt={listing.readAt}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
