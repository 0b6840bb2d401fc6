/**
 * Operator presence: who is online for which queues, with their capacity (most conversations at
 * once), skills and languages. An `online` status counts for `presenceTtlMs` after it was last set
 * or kept alive: an operator's open event stream keeps it alive (`touchPresence`, from the stream
 * route), so presence lapses that long after the console's stream closed or the console vanished.
 */
import type { Queryable } from '../storage/database.ts';
import type { ServiceContext } from './context.ts';
import type { Principal } from './types.ts';

/** Records the operator's status and the queues they serve (none: every queue). */
export async function setPresence(
  context: ServiceContext,
  principal: Principal,
  input: PresenceInput,
): Promise<void> {
  await context.database.query(
    `INSERT INTO operator_presence (key_id, name, status, queues, updated_at, capacity, skills, languages)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (key_id) DO UPDATE SET name = excluded.name, status = excluded.status,
       queues = excluded.queues, updated_at = excluded.updated_at, capacity = excluded.capacity,
       skills = excluded.skills, languages = excluded.languages`,
    [
      principal.keyId,
      principal.name,
      input.status,
      input.queues ?? [],
      context.now().toISOString(),
      input.capacity ?? null,
      input.skills ?? [],
      input.languages ?? [],
    ],
  );
}

export interface PresenceInput {
  status: 'online' | 'away' | 'offline';
  queues?: string[];
  /** Most conversations at once (claimed plus standing offers); absent: no limit. */
  capacity?: number;
  skills?: string[];
  /** Languages the operator takes conversations in (e.g. `es`, `en`). */
  languages?: string[];
}

/**
 * Keeps the `online` presence of these keys counting: one statement for every operator with an open
 * event stream on this instance (the streams' keeper calls it on a timer, not each stream).
 */
export async function touchPresence(context: ServiceContext, keyIds: readonly string[]): Promise<void> {
  if (keyIds.length === 0) return;
  await context.database.query(
    `UPDATE operator_presence SET updated_at = $2 WHERE key_id = ANY($1::text[]) AND status = 'online'`,
    [keyIds, context.now().toISOString()],
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
