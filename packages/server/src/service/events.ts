/**
 * The global event stream, in commit order without a global lock. Each event stores the id of the
 * transaction that wrote it (`tx`, xid8). Readers order by (tx, id) and read only rows whose tx is
 * below `pg_snapshot_xmin(pg_current_snapshot())`, the oldest transaction still running when the
 * statement started: every transaction below it has ended, so its rows are all visible or gone for
 * good, and every transaction that can still commit has a tx at or above it, so it sorts after
 * every row already read. A reader resuming after a position therefore misses nothing and repeats
 * nothing (docs/reliability.md). Commits run in parallel; a long transaction delays what readers
 * see, never what they eventually get.
 */
import type { Queryable } from '../storage/database.ts';
import type { ServiceContext } from './context.ts';
import { resolveCursor } from './event-cursor.ts';
import { START_POSITION, type EventPosition } from './event-position.ts';
import type { PendingEvent } from './handoff-transitions.ts';
import { toEvent, type EventRow } from './rows.ts';
import type { BatonEvent } from './types.ts';

const DEFAULT_PAGE = 500;
const MAX_PAGE = 1_000;

/** An event with its position in the stream. */
export interface PositionedEvent {
  position: EventPosition;
  event: BatonEvent;
}

/**
 * The columns every event read selects. They are named `tx` and `id` as text, so an `ORDER BY`
 * must name `events.tx, events.id`: a bare `tx, id` would sort the text output columns.
 */
export const EVENT_COLUMNS = `tx::text AS tx, id::text AS id, type, conversation_id, handoff_id, queue, at, data`;
/** True when a row's transaction is older than every transaction still running. */
export const STABLE = `tx < pg_snapshot_xmin(pg_current_snapshot())`;

export type PositionedRow = EventRow & { tx: string };

/** A row as an event with its position. */
export function toPositioned(row: PositionedRow): PositionedEvent {
  return { position: { tx: row.tx, id: String(row.id) }, event: toEvent(row) };
}

/**
 * A data-modifying CTE body that appends `events` in order (their `tx` is the transaction's id, by
 * the column's default). Pushes its parameters onto `params`; name it in a `WITH` and select from
 * it. The caller wakes `context.notifier` after the commit, which tells other instances (never a
 * NOTIFY in the writing transaction: event-notifier.ts says why).
 */
export function appendEventsCte(
  context: ServiceContext,
  events: readonly PendingEvent[],
  params: unknown[],
  /** A CTE name: the events are written only if it has a row (one row, or it multiplies them). */
  gate?: string,
): string {
  const first = params.length + 1;
  params.push(
    events.map((event) => event.type),
    events.map((event) => event.conversationId),
    events.map((event) => event.handoffId),
    events.map((event) => event.queue),
    events.map((event) => event.at),
    events.map((event) => JSON.stringify(event.data)),
  );
  const p = (offset: number) => `$${first + offset}`;
  return `INSERT INTO events (type, conversation_id, handoff_id, queue, at, data)
     SELECT e.type, e.conversation_id, e.handoff_id, e.queue, e.at, e.data
     FROM ${gate ? `${gate}, ` : ''}
       unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::timestamptz[], ${p(5)}::jsonb[])
         WITH ORDINALITY AS e(type, conversation_id, handoff_id, queue, at, data, ordinal)
     ORDER BY e.ordinal
     RETURNING id::text AS id`;
}

/** Appends `events` in order, in one statement. */
export async function appendEvents(
  context: ServiceContext,
  tx: Queryable,
  events: readonly PendingEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const params: unknown[] = [];
  const rows = await tx.query<{ id: string }>(appendEventsCte(context, events, params), params);
  return rows.map((row) => row.id).sort((a, b) => Number(BigInt(a) - BigInt(b)));
}

export interface EventRange {
  /** Exclusive start. */
  after: EventPosition;
  /** Inclusive end; the watermark alone bounds the read when absent. */
  upTo?: EventPosition;
  queue?: string;
  conversationId?: string;
  limit?: number;
}

/**
 * Readable events after `range.after` (and up to `range.upTo`), in commit order, optionally
 * filtered. `scanned` is how far the read has looked: the last row it returned, or `upTo` when it
 * returned fewer than `limit` rows below it (so a filtered reader can move past what did not match).
 */
export async function readEventRange(
  database: Queryable,
  range: EventRange,
): Promise<{ events: PositionedEvent[]; scanned: EventPosition }> {
  const limit = Math.min(Math.max(1, range.limit ?? DEFAULT_PAGE), MAX_PAGE);
  const params: unknown[] = [range.after.tx, range.after.id];
  const where = [`(tx, id) > ($1::xid8, $2::bigint)`, STABLE];
  if (range.upTo) {
    params.push(range.upTo.tx, range.upTo.id);
    where.push(`(tx, id) <= ($${params.length - 1}::xid8, $${params.length}::bigint)`);
  }
  if (range.queue !== undefined) {
    params.push(range.queue);
    where.push(`queue = $${params.length}`);
  }
  if (range.conversationId !== undefined) {
    params.push(range.conversationId);
    where.push(`conversation_id = $${params.length}`);
  }
  params.push(limit);
  const rows = await database.query<PositionedRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')}
     ORDER BY events.tx, events.id LIMIT $${params.length}`,
    params,
  );
  const events = rows.map(toPositioned);
  const last = events.at(-1)?.position;
  const scanned = events.length < limit && range.upTo ? range.upTo : (last ?? range.after);
  return { events, scanned };
}

/**
 * The newest readable position: the last event below the watermark, else the retention horizon,
 * else the start. A stream that starts here misses nothing committed after it.
 */
export async function readHeadPosition(database: Queryable): Promise<EventPosition> {
  const rows = await database.query<EventPosition>(
    `SELECT tx::text AS tx, id::text AS id FROM (
       (SELECT tx, id FROM events WHERE ${STABLE} ORDER BY tx DESC, id DESC LIMIT 1)
       UNION ALL (SELECT tx, id FROM event_horizon)
     ) AS candidates ORDER BY candidates.tx DESC, candidates.id DESC LIMIT 1`,
  );
  return rows[0] ?? START_POSITION;
}

/**
 * Waits (at most `timeoutMs`) until every transaction running when it was called has ended, so a
 * one-off read after it sees everything committed before the call: the watermark is cluster-wide,
 * and a transaction elsewhere still open holds it back. Past the timeout it returns anyway.
 */
export async function settleEvents(database: Queryable, timeoutMs = 2_000): Promise<void> {
  const [start] = await database.query<{ target: string }>(
    'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS target',
  );
  const deadline = Date.now() + timeoutMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    const [now] = await database.query<{ settled: boolean }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS settled',
      [start!.target],
    );
    if (now!.settled || Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * Events after the event `afterId` (exclusive), in commit order, optionally filtered: a one-off
 * page (streams are fed by the event hub), so it first lets transactions in flight settle.
 */
export async function readEvents(
  context: ServiceContext,
  filter: { afterId?: string; queue?: string; conversationId?: string; limit?: number },
): Promise<BatonEvent[]> {
  const after =
    filter.afterId === undefined ? START_POSITION : await resolveCursor(context.database, filter.afterId);
  await settleEvents(context.database);
  const { events } = await readEventRange(context.database, {
    after,
    ...(filter.queue !== undefined ? { queue: filter.queue } : {}),
    ...(filter.conversationId !== undefined ? { conversationId: filter.conversationId } : {}),
    ...(filter.limit !== undefined ? { limit: filter.limit } : {}),
  });
  return events.map((entry) => entry.event);
}

/** The id of the newest readable event ('0' when there is none): where a stream "from now" starts. */
export async function readLatestEventId(context: ServiceContext): Promise<string> {
  return (await readHeadPosition(context.database)).id;
}
