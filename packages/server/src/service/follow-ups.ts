/**
 * Follow-ups for the console: callbacks customers left (a number, a message) and customers who left
 * while waiting, listed newest first until an operator marks them done. Marking done is recorded
 * once (who, when) beside the handoff and changes nothing of the handoff's own lifecycle.
 */
import { BatonError } from '../errors.ts';
import { loadHandoff } from './access.ts';
import type { ServiceContext } from './context.ts';
import { toHandoff, type HandoffRow } from './rows.ts';
import type { Handoff, Principal } from './types.ts';

export interface FollowUp {
  kind: 'callback' | 'abandoned';
  handoff: Handoff;
  customerName: string | null;
  done: { by: string; at: string } | null;
}

type FollowUpRow = HandoffRow & {
  customer_name: string | null;
  done_by: string | null;
  done_at: Date | string | null;
};

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

function toFollowUp(row: FollowUpRow): FollowUp {
  const handoff = toHandoff(row);
  return {
    kind: handoff.callback ? 'callback' : 'abandoned',
    handoff,
    customerName: row.customer_name,
    done: row.done_by && row.done_at ? { by: row.done_by, at: iso(row.done_at) } : null,
  };
}

const SELECT = `SELECT h.*, c.customer->>'name' AS customer_name, f.done_by, f.done_at
  FROM handoffs h
  JOIN conversations c ON c.id = h.conversation_id
  LEFT JOIN callback_followups f ON f.handoff_id = h.id`;

/** Handoffs with a callback, and handoffs the customer abandoned; open ones by default. */
export async function listFollowUps(
  context: ServiceContext,
  _principal: Principal,
  query: { state?: 'open' | 'done' | 'all'; limit?: number },
): Promise<FollowUp[]> {
  const state = query.state ?? 'open';
  const done =
    state === 'open' ? 'AND f.handoff_id IS NULL' : state === 'done' ? 'AND f.handoff_id IS NOT NULL' : '';
  const rows = await context.database.query<FollowUpRow>(
    `${SELECT}
     WHERE (h.callback IS NOT NULL OR h.status = 'abandoned') ${done}
     ORDER BY h.requested_at DESC, h.id LIMIT $1`,
    [Math.min(Math.max(1, query.limit ?? 100), 500)],
  );
  return rows.map(toFollowUp);
}

/** Marks a follow-up done (the same again keeps the first mark). */
export async function completeFollowUp(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
): Promise<FollowUp> {
  const handoff = await loadHandoff(context.database, principal, handoffId, false);
  if (!handoff.callback && handoff.status !== 'abandoned') {
    throw new BatonError(
      'invalid_transition',
      'This handoff has no callback and was not abandoned: there is nothing to follow up.',
      { status: handoff.status },
    );
  }
  await context.database.query(
    `INSERT INTO callback_followups (handoff_id, done_by, done_at) VALUES ($1, $2, $3)
     ON CONFLICT (handoff_id) DO NOTHING`,
    [handoffId, principal.name, context.now().toISOString()],
  );
  const rows = await context.database.query<FollowUpRow>(`${SELECT} WHERE h.id = $1`, [handoffId]);
  return toFollowUp(rows[0]!);
}
