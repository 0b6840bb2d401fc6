/**
 * Operator presence: who is online for which queues. An `online` status counts for
 * `presenceTtlMs` after it was last set, so a console that vanished without saying so stops
 * counting; consoles refresh it while open.
 */
import type { Queryable } from '../storage/database.ts';
import type { ServiceContext } from './context.ts';
import type { Principal } from './types.ts';

/** Records the operator's status and the queues they serve (none: every queue). */
export async function setPresence(
  context: ServiceContext,
  principal: Principal,
  input: { status: 'online' | 'away' | 'offline'; queues?: string[] },
): Promise<void> {
  await context.database.query(
    `INSERT INTO operator_presence (key_id, name, status, queues, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key_id) DO UPDATE SET name = excluded.name, status = excluded.status,
       queues = excluded.queues, updated_at = excluded.updated_at`,
    [principal.keyId, principal.name, input.status, input.queues ?? [], context.now().toISOString()],
  );
}

/** How many operators are online now for `queue`. */
export async function operatorsOnline(
  context: ServiceContext,
  tx: Queryable,
  queue: string,
): Promise<number> {
  const since = new Date(context.now().getTime() - context.limits.presenceTtlMs).toISOString();
  const rows = await tx.query<{ online: number }>(
    `SELECT count(*)::int AS online FROM operator_presence
     WHERE status = 'online' AND updated_at >= $2 AND (cardinality(queues) = 0 OR $1 = ANY(queues))`,
    [queue, since],
  );
  return rows[0]?.online ?? 0;
}
