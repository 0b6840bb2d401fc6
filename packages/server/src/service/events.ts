/**
 * The global event stream. Appending takes a transaction-level advisory lock held until commit, so
 * event ids are assigned and made visible in the same order: a reader that resumes after id n can
 * never later find an id below n appear (RELIABILITY.md, "Resuming a stream without loss"). Append
 * last in the transaction, so the lock is held only for the insert and the commit.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import type { ServiceContext } from './context.ts';
import { EVENTS_CHANNEL } from './event-notifier.ts';
import type { PendingEvent } from './handoff-transitions.ts';
import { toEvent, type EventRow } from './rows.ts';
import type { BatonEvent } from './types.ts';

/** An arbitrary constant naming the event-append lock among advisory locks. */
const EVENT_APPEND_LOCK = 7_240_002;
const DEFAULT_PAGE = 500;
const MAX_PAGE = 1_000;

/**
 * A data-modifying CTE body that appends `events` in order under the append lock (taken in the same
 * statement, before any id is drawn), and notifies other instances on PostgreSQL (delivered at
 * commit; PGlite is one process, where the in-process notifier is enough). Pushes its parameters
 * onto `params`; name it in a `WITH` and select from it.
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
    EVENT_APPEND_LOCK,
    events.map((event) => event.type),
    events.map((event) => event.conversationId),
    events.map((event) => event.handoffId),
    events.map((event) => event.queue),
    events.map((event) => event.at),
    events.map((event) => JSON.stringify(event.data)),
  );
  const p = (offset: number) => `$${first + offset}`;
  const notify =
    context.database.kind === 'postgres' ? `, pg_notify('${EVENTS_CHANNEL}', '') IS NULL AS notified` : '';
  return `INSERT INTO events (type, conversation_id, handoff_id, queue, at, data)
     SELECT e.type, e.conversation_id, e.handoff_id, e.queue, e.at, e.data
     FROM ${gate ? `${gate}, ` : ''}(SELECT pg_advisory_xact_lock(${p(0)}::bigint)) AS append_lock,
       unnest(${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::timestamptz[], ${p(6)}::jsonb[])
         WITH ORDINALITY AS e(type, conversation_id, handoff_id, queue, at, data, ordinal)
     ORDER BY e.ordinal
     RETURNING id::text AS id${notify}`;
}

/** Appends `events` in order, in one statement; call it last in the transaction. */
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

/** Events after `afterId` in commit order (which is id order), optionally filtered. */
export async function readEvents(
  context: ServiceContext,
  filter: { afterId?: string; queue?: string; conversationId?: string; limit?: number },
): Promise<BatonEvent[]> {
  if (filter.afterId !== undefined && !/^\d{1,19}$/.test(filter.afterId)) {
    throw new BatonError('invalid_request', `Not an event id: ${filter.afterId}`, {
      afterId: filter.afterId,
    });
  }
  const params: unknown[] = [filter.afterId ?? '0'];
  const where = ['id > $1::bigint'];
  if (filter.queue !== undefined) {
    params.push(filter.queue);
    where.push(`queue = $${params.length}`);
  }
  if (filter.conversationId !== undefined) {
    params.push(filter.conversationId);
    where.push(`conversation_id = $${params.length}`);
  }
  params.push(Math.min(Math.max(1, filter.limit ?? DEFAULT_PAGE), MAX_PAGE));
  const rows = await context.database.query<EventRow>(
    `SELECT id::text AS id, type, conversation_id, handoff_id, queue, at, data FROM events
     WHERE ${where.join(' AND ')} ORDER BY events.id LIMIT $${params.length}`,
    params,
  );
  return rows.map(toEvent);
}

/**
 * The newest event id. Ids become visible in commit order (the append lock), so every event that
 * commits after this read has a larger id: a stream that starts here misses nothing after it.
 */
export async function readLatestEventId(context: ServiceContext): Promise<string> {
  const rows = await context.database.query<{ id: string }>(
    'SELECT coalesce(max(id), 0)::text AS id FROM events',
  );
  return rows[0]?.id ?? '0';
}
