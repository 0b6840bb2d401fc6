/**
 * Gauges read when metrics are collected (a Prometheus scrape, an OTLP export): queue depth and
 * oldest wait per queue and the webhook backlog from the database (so every instance reports the
 * shared truth), pool use, and this process's event-loop lag.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Database, PoolStats } from '../storage/database.ts';
import type { DatabaseActivity } from './traced-database.ts';
import type { Telemetry } from './telemetry.ts';

/** The event-loop delay window: each collection reports the last full window. */
const LAG_WINDOW_MS = 10_000;

export interface GaugeSources {
  database: Database & Partial<DatabaseActivity>;
  /** The configured queues, reported at 0 when empty. */
  queues: readonly string[];
}

/** Registers the observed gauges; their timers stop with the telemetry. */
export function observeServer(telemetry: Telemetry, sources: GaugeSources): void {
  if (!telemetry.metricsEnabled) return;
  const { meter, logger } = telemetry;
  const { database } = sources;

  const queueDepth = meter.createObservableGauge('baton_queue_depth', {
    description: 'Handoffs waiting in each queue',
  });
  const oldestWait = meter.createObservableGauge('baton_queue_oldest_wait_seconds', {
    description: 'How long the oldest waiting handoff of each queue has waited',
    unit: 's',
  });
  const webhookDeliveries = meter.createObservableGauge('baton_webhook_deliveries', {
    description: 'Webhook deliveries not yet delivered, by state (pending, sending, failed, dead)',
  });
  const webhookOldest = meter.createObservableGauge('baton_webhook_oldest_undelivered_seconds', {
    description: 'Age of the oldest webhook delivery still pending, sending or failed',
    unit: 's',
  });
  meter.addBatchObservableCallback(
    async (observer) => {
      try {
        const queues = await database.query<{ queue: string; depth: number; oldest: number | null }>(
          `SELECT queue, count(*)::int AS depth,
                  extract(epoch FROM now() - min(queued_at))::float8 AS oldest
             FROM handoffs WHERE status = 'queued' GROUP BY queue`,
        );
        const seen = new Map(queues.map((row) => [row.queue, row]));
        for (const queue of new Set([...sources.queues, ...seen.keys()])) {
          const row = seen.get(queue);
          observer.observe(queueDepth, row?.depth ?? 0, { queue });
          observer.observe(oldestWait, Math.max(0, row?.oldest ?? 0), { queue });
        }
        const deliveries = await database.query<{ state: string; count: number; oldest: number | null }>(
          `SELECT state, count(*)::int AS count,
                  extract(epoch FROM now() - min(created_at))::float8 AS oldest
             FROM webhook_deliveries WHERE state <> 'succeeded' GROUP BY state`,
        );
        const byState = new Map(deliveries.map((row) => [row.state, row]));
        let oldest = 0;
        for (const state of ['pending', 'sending', 'failed', 'dead']) {
          const row = byState.get(state);
          observer.observe(webhookDeliveries, row?.count ?? 0, { state });
          if (state !== 'dead') oldest = Math.max(oldest, row?.oldest ?? 0);
        }
        observer.observe(webhookOldest, oldest);
      } catch (error) {
        logger.warn({ err: error }, 'reading queue and webhook gauges failed');
      }
    },
    [queueDepth, oldestWait, webhookDeliveries, webhookOldest],
  );

  // Pool use: the pool's own counts on PostgreSQL; on PGlite, its one session and who waits for it.
  meter
    .createObservableGauge('baton_db_pool_connections', {
      description: 'Database connections by state (total, idle, in_use, waiting: requests waiting for one)',
    })
    .addCallback((result) => {
      const stats: PoolStats | undefined = database.poolStats?.();
      if (stats) {
        result.observe(stats.total, { state: 'total' });
        result.observe(stats.idle, { state: 'idle' });
        result.observe(stats.total - stats.idle, { state: 'in_use' });
        result.observe(stats.waiting, { state: 'waiting' });
        result.observe(stats.max, { state: 'max' });
        return;
      }
      const inFlight = database.inFlight ?? 0;
      result.observe(1, { state: 'total' });
      result.observe(inFlight === 0 ? 1 : 0, { state: 'idle' });
      result.observe(Math.min(1, inFlight), { state: 'in_use' });
      result.observe(Math.max(0, inFlight - 1), { state: 'waiting' });
      result.observe(1, { state: 'max' });
    });

  // Event-loop lag: the delay histogram of the last full window (mean, p99, max).
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let window = { mean: 0, p99: 0, max: 0 };
  const snapshot = () => {
    if (delay.count > 0) {
      window = { mean: delay.mean / 1e9, p99: delay.percentile(99) / 1e9, max: delay.max / 1e9 };
    }
    delay.reset();
  };
  const timer = setInterval(snapshot, LAG_WINDOW_MS);
  timer.unref();
  telemetry.onShutdown(() => {
    clearInterval(timer);
    delay.disable();
  });
  meter
    .createObservableGauge('baton_event_loop_lag_seconds', {
      description: 'Event-loop delay over the last 10 s window, by stat (mean, p99, max)',
      unit: 's',
    })
    .addCallback((result) => {
      if (window.max === 0 && delay.count > 0) snapshot(); // The first window, before the timer fired.
      result.observe(window.mean, { stat: 'mean' });
      result.observe(window.p99, { stat: 'p99' });
      result.observe(window.max, { stat: 'max' });
    });
}
