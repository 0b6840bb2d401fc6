/**
 * Retention: forgets finished deliveries (succeeded or dead) created before a cut-off, with their
 * attempts, a bounded batch at a time so no run holds locks for long. Deliveries still waiting are
 * kept whatever their age.
 */
import type { Database } from '../storage/database.ts';

/** Deletes up to `limit` finished deliveries created before `before`; returns how many. */
export async function pruneDeliveries(
  database: Database,
  input: { before: Date; limit: number },
): Promise<number> {
  const rows = await database.query<{ id: string }>(
    `WITH old AS (
       SELECT id FROM webhook_deliveries
       WHERE state IN ('succeeded', 'dead') AND created_at < $1::timestamptz
       ORDER BY created_at LIMIT $2
       FOR UPDATE SKIP LOCKED
     ), old_attempts AS (
       DELETE FROM webhook_attempts a USING old WHERE a.delivery_id = old.id
     )
     DELETE FROM webhook_deliveries d USING old WHERE d.id = old.id RETURNING d.id`,
    [input.before.toISOString(), input.limit],
  );
  return rows.length;
}
