/**
 * Retention: events, turns and ended handoffs older than their configured age are deleted by
 * housekeeping, in bounded batches (one short transaction each, a fixed number per round), so a
 * large backlog is worked off over several rounds instead of in one long transaction that would
 * hold the event watermark back. Events are pruned as a prefix of the stream's (tx, id) order and
 * the last position pruned is kept (`event_horizon`), so a cursor before it gets `cursor_expired`.
 * `baton export` reads turns and handoffs: run it before they are pruned.
 */
import type { Database } from '../storage/database.ts';
import { STABLE } from './events.ts';

export interface RetentionSettings {
  /** Days events are kept; null keeps them forever. */
  eventsDays: number | null;
  /** Days turns are kept; null keeps them forever. */
  turnsDays: number | null;
  /** Days ended handoffs (and their notes) are kept after they ended; null keeps them forever. */
  handoffsDays: number | null;
}

/** Defaults: events 30 days (a console without a cursor no longer needs history); turns and handoffs forever. */
export const RETENTION_DEFAULTS = {
  eventsDays: 30,
  turnsDays: null,
  handoffsDays: null,
} satisfies RetentionSettings;

export interface RetentionRun {
  /** Rows per batch. */
  batchSize: number;
  /** Batches per kind per round. */
  maxBatches: number;
}

export const RETENTION_RUN_DEFAULTS = { batchSize: 1_000, maxBatches: 20 } satisfies RetentionRun;

/** An arbitrary constant naming the event-pruning lock among advisory locks (one pruner at a time). */
const EVENT_PRUNE_LOCK = 7_240_003;
const DAY_MS = 24 * 60 * 60_000;

export interface RetentionResult {
  events: number;
  turns: number;
  handoffs: number;
}

/** Deletes one batch of the oldest events older than `cutoff`, as a prefix of the stream; returns how many. */
export async function pruneEventBatch(database: Database, cutoff: Date, batchSize: number): Promise<number> {
  return database.transaction(async (tx) => {
    const [locked] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
      EVENT_PRUNE_LOCK,
    ]);
    if (!locked?.ok) return 0;
    const rows = await tx.query<{ tx: string; id: string; old: boolean; stable: boolean }>(
      `SELECT tx::text AS tx, id::text AS id, at < $1::timestamptz AS old, ${STABLE} AS stable
       FROM events ORDER BY events.tx, events.id LIMIT $2`,
      [cutoff.toISOString(), batchSize],
    );
    // Only a prefix: an event is pruned only when every event before it is, so "after a kept
    // event" always means "with nothing missing".
    const stop = rows.findIndex((row) => !row.old || !row.stable);
    const doomed = stop === -1 ? rows : rows.slice(0, stop);
    const last = doomed.at(-1);
    if (!last) return 0;
    await tx.query('DELETE FROM events WHERE id = ANY($1::bigint[])', [doomed.map((row) => row.id)]);
    await tx.query(
      `INSERT INTO event_horizon (singleton, tx, id, pruned_at) VALUES (true, $1::xid8, $2::bigint, now())
       ON CONFLICT (singleton) DO UPDATE SET tx = EXCLUDED.tx, id = EXCLUDED.id, pruned_at = EXCLUDED.pruned_at
       WHERE (event_horizon.tx, event_horizon.id) < (EXCLUDED.tx, EXCLUDED.id)`,
      [last.tx, last.id],
    );
    return doomed.length;
  });
}

/** Deletes one batch of turns older than `cutoff`; returns how many. */
export async function pruneTurnBatch(database: Database, cutoff: Date, batchSize: number): Promise<number> {
  const rows = await database.query<{ id: string }>(
    `DELETE FROM turns WHERE id IN (SELECT id FROM turns WHERE at < $1::timestamptz ORDER BY at LIMIT $2)
     RETURNING id`,
    [cutoff.toISOString(), batchSize],
  );
  return rows.length;
}

/**
 * Deletes one batch of handoffs that ended before `cutoff`, with their notes; one that a later
 * handoff was transferred from waits for that one. Returns how many.
 */
export async function pruneHandoffBatch(
  database: Database,
  cutoff: Date,
  batchSize: number,
): Promise<number> {
  const rows = await database.query<{ id: string }>(
    `WITH doomed AS (
       SELECT h.id FROM handoffs h
       WHERE h.ended_at < $1::timestamptz
         AND NOT EXISTS (SELECT 1 FROM handoffs later WHERE later.transferred_from = h.id)
       ORDER BY h.ended_at LIMIT $2
     ), notes_gone AS (
       DELETE FROM notes WHERE handoff_id IN (SELECT id FROM doomed)
     )
     DELETE FROM handoffs WHERE id IN (SELECT id FROM doomed) RETURNING id`,
    [cutoff.toISOString(), batchSize],
  );
  return rows.length;
}

/** Runs batches of `prune` until one comes back short or `maxBatches` ran; returns the total. */
async function drain(prune: (batchSize: number) => Promise<number>, run: RetentionRun): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < run.maxBatches; batch++) {
    const count = await prune(run.batchSize);
    total += count;
    if (count < run.batchSize) break;
  }
  return total;
}

/** One round of retention at `now`; returns what it deleted per kind. */
export async function applyRetention(
  database: Database,
  settings: RetentionSettings,
  now: Date,
  run: RetentionRun = RETENTION_RUN_DEFAULTS,
): Promise<RetentionResult> {
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const { eventsDays, turnsDays, handoffsDays } = settings;
  return {
    events:
      eventsDays === null ? 0 : await drain((n) => pruneEventBatch(database, cutoff(eventsDays), n), run),
    turns: turnsDays === null ? 0 : await drain((n) => pruneTurnBatch(database, cutoff(turnsDays), n), run),
    handoffs:
      handoffsDays === null
        ? 0
        : await drain((n) => pruneHandoffBatch(database, cutoff(handoffsDays), n), run),
  };
}
