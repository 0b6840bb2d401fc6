/** Inserting a new queued handoff: the one way a handoff is born (a trigger, the agent, a transfer). */
import type { Firing, Priority, SignalName } from '@baton/engine';
import type { Queryable } from '../storage/database.ts';
import type { PendingEvent } from './handoff-transitions.ts';
import { newId } from './ids.ts';
import { PRIORITY_RANK, type HandoffRow } from './rows.ts';

export interface NewHandoff {
  conversationId: string;
  priority: Priority;
  queue: string;
  trigger: string;
  reason: string;
  signal: SignalName | null;
  firings: Firing[];
  requestedAt: string;
  queuedAt: string;
  policyVersion: string;
  brief: unknown;
  transferredFrom?: string;
  /** The customer's language and segment, as routing compares them (routing.ts). */
  language?: string | null;
  segment?: string | null;
}

/** Inserts the handoff as `queued` and returns it with its `handoff-requested` event. */
export async function insertHandoff(
  tx: Queryable,
  handoff: NewHandoff,
): Promise<{ row: HandoffRow; event: PendingEvent }> {
  const rows = await tx.query<HandoffRow>(
    `INSERT INTO handoffs (id, conversation_id, status, priority, priority_rank, queue, trigger, reason, signal,
       firings, requested_at, queued_at, policy_version, brief, transferred_from, language, segment)
     VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING *`,
    [
      newId('ho'),
      handoff.conversationId,
      handoff.priority,
      PRIORITY_RANK[handoff.priority],
      handoff.queue,
      handoff.trigger,
      handoff.reason,
      handoff.signal,
      JSON.stringify(handoff.firings),
      handoff.requestedAt,
      handoff.queuedAt,
      handoff.policyVersion,
      handoff.brief === null || handoff.brief === undefined ? null : JSON.stringify(handoff.brief),
      handoff.transferredFrom ?? null,
      handoff.language ?? null,
      handoff.segment ?? null,
    ],
  );
  const row = rows[0]!;
  return {
    row,
    event: {
      type: 'handoff-requested',
      conversationId: row.conversation_id,
      handoffId: row.id,
      queue: row.queue,
      at: handoff.queuedAt,
      data: {
        status: row.status,
        priority: row.priority,
        trigger: row.trigger,
        reason: row.reason,
        transferredFrom: row.transferred_from,
      },
    },
  };
}
