/**
 * The outbox's reader: turns committed events into deliveries. For each active subscription behind
 * the newest readable event, it reads the events after the subscription's cursor (a (tx, id)
 * position, read below the watermark as every reader does: service/events.ts), creates one delivery per
 * matching event and moves the cursor past the batch, in one transaction that holds the
 * subscription's row (`FOR UPDATE SKIP LOCKED`): several instances share the work, and none creates
 * a delivery twice (the unique key on (subscription, event) would refuse it anyway).
 */
import { randomBytes } from 'node:crypto';
import { EVENT_COLUMNS, STABLE, type PositionedRow } from '../service/events.ts';
import { maskContactsDeep } from '../privacy/contact-masking.ts';
import { toEvent, type EventRow } from '../service/rows.ts';
import type { Database } from '../storage/database.ts';

/** Subscriptions fanned out per transaction. */
const SUBSCRIPTIONS_PER_PASS = 50;

/** A new delivery id, `msg_` + 24 hex digits: the `webhook-id` header. */
function newDeliveryId(): string {
  return `msg_${randomBytes(12).toString('hex')}`;
}

/**
 * The body of a delivery, per the Standard Webhooks recommendation: `{ type, timestamp, data }`, data
 * being the event; emails and phones masked unless the admin exposes them to webhooks.
 */
export function deliveryPayload(row: EventRow, exposeContacts = false): string {
  const event = exposeContacts ? toEvent(row) : maskContactsDeep(toEvent(row));
  return JSON.stringify({ type: event.type, timestamp: event.at, data: event });
}

/**
 * One pass of fan-out. `more` says a subscription had a full batch (or more subscriptions were
 * behind than one pass takes): call again.
 */
export async function fanOutEvents(
  database: Database,
  input: { now: Date; firstDelayMs: number; batchSize: number; exposeContacts?: boolean },
): Promise<{ created: number; more: boolean }> {
  return database.transaction(async (tx) => {
    // Behind means: some readable event (below the watermark) sorts after the cursor.
    const subscriptions = await tx.query<{
      id: string;
      event_types: string[];
      event_cursor: string;
      event_cursor_tx: string;
    }>(
      `SELECT s.id, s.event_types, s.event_cursor::text AS event_cursor, s.event_cursor_tx::text AS event_cursor_tx
       FROM webhook_subscriptions s,
         (SELECT tx, id FROM events WHERE ${STABLE} ORDER BY tx DESC, id DESC LIMIT 1) AS head
       WHERE s.status = 'active' AND (s.event_cursor_tx, s.event_cursor) < (head.tx, head.id)
       ORDER BY s.id LIMIT $1 FOR UPDATE OF s SKIP LOCKED`,
      [SUBSCRIPTIONS_PER_PASS],
    );
    let created = 0;
    let more = subscriptions.length === SUBSCRIPTIONS_PER_PASS;
    const dueAt = new Date(input.now.getTime() + input.firstDelayMs).toISOString();
    for (const subscription of subscriptions) {
      const events = await tx.query<PositionedRow>(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE (tx, id) > ($1::xid8, $2::bigint) AND ${STABLE} ORDER BY events.tx, events.id LIMIT $3`,
        [subscription.event_cursor_tx, subscription.event_cursor, input.batchSize],
      );
      const last = events.at(-1);
      if (!last) continue;
      if (events.length === input.batchSize) more = true;
      const everything = subscription.event_types.includes('*');
      const matching = events.filter((event) => everything || subscription.event_types.includes(event.type));
      if (matching.length > 0) {
        const inserted = await tx.query<{ id: string }>(
          `INSERT INTO webhook_deliveries
             (id, subscription_id, event_id, event_type, payload, state, next_attempt_at, created_at)
           SELECT d.id, $1, d.event_id, d.event_type, d.payload, 'pending', $6::timestamptz, $7::timestamptz
           FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[]) AS d(id, event_id, event_type, payload)
           ON CONFLICT (subscription_id, event_id) DO NOTHING
           RETURNING id`,
          [
            subscription.id,
            matching.map(() => newDeliveryId()),
            matching.map((event) => event.id),
            matching.map((event) => event.type),
            matching.map((event) => deliveryPayload(event, input.exposeContacts)),
            dueAt,
            input.now.toISOString(),
          ],
        );
        created += inserted.length;
      }
      await tx.query(
        'UPDATE webhook_subscriptions SET event_cursor = $2::bigint, event_cursor_tx = $3::xid8 WHERE id = $1',
        [subscription.id, last.id, last.tx],
      );
    }
    return { created, more };
  });
}
