/**
 * Turns a client's cursor (the id of the last event it received, as `Last-Event-ID`) into a
 * position. The id is looked up, so cursors keep their old form (a plain event id) and cursors
 * given before the (tx, id) ordering still work. Retention prunes a prefix of the stream and keeps
 * the last position it pruned: an id that is gone was pruned, and resuming after it would skip
 * what was pruned with it, so it gets `cursor_expired` with the oldest id still kept.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import { START_POSITION, type EventPosition } from './event-position.ts';

interface CursorRow {
  tx: string | null;
  horizon_tx: string | null;
  horizon_id: string | null;
  oldest_id: string | null;
}

/** The retention horizon (the last position pruned), or null when nothing was ever pruned. */
export async function readHorizon(database: Queryable): Promise<EventPosition | null> {
  const rows = await database.query<EventPosition>(
    'SELECT tx::text AS tx, id::text AS id FROM event_horizon',
  );
  return rows[0] ?? null;
}

/** The position after which a stream `from=oldest` starts: the horizon, or the very start. */
export async function readOldestPosition(database: Queryable): Promise<EventPosition> {
  return (await readHorizon(database)) ?? START_POSITION;
}

/** The position of the event `cursor`; `invalid_request` or `cursor_expired` when it has none. */
export async function resolveCursor(database: Queryable, cursor: string): Promise<EventPosition> {
  if (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > 9_223_372_036_854_775_807n) {
    throw new BatonError('invalid_request', `Not an event id: ${cursor}`, { afterId: cursor });
  }
  const rows = await database.query<CursorRow>(
    `SELECT (SELECT tx::text FROM events WHERE id = $1::bigint) AS tx,
       h.tx::text AS horizon_tx, h.id::text AS horizon_id,
       (SELECT id::text FROM events ORDER BY events.tx, events.id LIMIT 1) AS oldest_id
     FROM (SELECT 1) AS one LEFT JOIN event_horizon h ON true`,
    [cursor],
  );
  const row = rows[0]!;
  if (row.tx !== null) return { tx: row.tx, id: cursor };
  if (row.horizon_tx !== null && row.horizon_id === cursor) return { tx: row.horizon_tx, id: cursor };
  if (row.horizon_tx === null) {
    // Nothing was ever pruned: 0 is the start; any other unknown id was never given out.
    if (BigInt(cursor) === 0n) return START_POSITION;
    throw new BatonError('invalid_request', `No event has the id ${cursor}.`, { afterId: cursor });
  }
  throw new BatonError(
    'cursor_expired',
    `Event ${cursor} is older than the events kept (retention). Reload the current state, then stream ` +
      'from now (`from=now`), or from the oldest event kept (`from=oldest`).',
    { afterId: cursor, oldestId: row.oldest_id ?? null, horizonId: row.horizon_id },
  );
}
