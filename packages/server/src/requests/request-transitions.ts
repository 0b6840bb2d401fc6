/**
 * The request's life as one table: each move names the statuses it may start from, the status it
 * leads to and the event it emits. Consults and approvals move through `REQUEST_TRANSITIONS`;
 * handoffs and transfers through the handoff table (service/handoff-transitions.ts), which is the
 * same idea over the handoff's statuses. Every status change of a consult or approval is one
 * conditional UPDATE here, so of two answers racing, exactly one finds the request still open.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import type { PendingEvent } from '../service/handoff-transitions.ts';
import type { BatonEvent } from '../service/types.ts';
import { type RequestRow } from './request-rows.ts';
import type { AskStatus, DeadlineAction, RequestAnswer } from './request-types.ts';

export type RequestMove = 'answer' | 'time-out' | 'cancel';

export interface RequestTransition {
  from: readonly AskStatus[];
  to: AskStatus;
  event: BatonEvent['type'];
}

/** The whole lifecycle of a consult or an approval; `request-created` is emitted at birth. */
export const REQUEST_TRANSITIONS: Readonly<Record<RequestMove, RequestTransition>> = {
  answer: { from: ['open'], to: 'answered', event: 'request-answered' },
  'time-out': { from: ['open'], to: 'timed_out', event: 'request-timed-out' },
  cancel: { from: ['open'], to: 'cancelled', event: 'request-cancelled' },
};

export interface RequestPatch {
  answer?: RequestAnswer;
  answeredBy?: string;
  answeredByKey?: string;
  deadlineOutcome?: DeadlineAction['action'];
  escalatedHandoffId?: string;
}

/**
 * Applies `move` in one conditional UPDATE; returns the new row and its event. When the request has
 * left `open` already, `request_closed` (with the status and the result that stands).
 */
export async function transitionRequest(
  tx: Queryable,
  requestId: string,
  move: RequestMove,
  patch: RequestPatch,
  at: string,
): Promise<{ row: RequestRow; event: PendingEvent }> {
  const transition = REQUEST_TRANSITIONS[move];
  const rows = await tx.query<RequestRow>(
    `UPDATE requests SET status = $3, ended_at = $4,
       answer = COALESCE($5::jsonb, answer), answered_by = COALESCE($6, answered_by),
       answered_by_key = COALESCE($7, answered_by_key),
       answered_at = CASE WHEN $5::jsonb IS NOT NULL THEN $4::timestamptz ELSE answered_at END,
       deadline_outcome = COALESCE($8, deadline_outcome),
       escalated_handoff_id = COALESCE($9, escalated_handoff_id)
     WHERE id = $1 AND status = ANY($2::text[]) RETURNING *`,
    [
      requestId,
      transition.from,
      transition.to,
      at,
      patch.answer === undefined ? null : JSON.stringify(patch.answer),
      patch.answeredBy ?? null,
      patch.answeredByKey ?? null,
      patch.deadlineOutcome ?? null,
      patch.escalatedHandoffId ?? null,
    ],
  );
  const row = rows[0];
  if (!row) {
    const current = (await tx.query<RequestRow>('SELECT * FROM requests WHERE id = $1', [requestId]))[0];
    if (!current) throw new BatonError('request_not_found', `No request ${requestId}.`);
    throw new BatonError('request_closed', `The request is ${current.status} already; that result stands.`, {
      requestStatus: current.status,
      answeredBy: current.answered_by,
      move,
    });
  }
  return {
    row,
    event: {
      type: transition.event,
      conversationId: row.conversation_id,
      handoffId: row.escalated_handoff_id,
      queue: row.queue,
      at,
      data: {
        requestId: row.id,
        kind: row.kind,
        status: row.status,
        ...(row.answered_by ? { by: row.answered_by } : {}),
        ...(row.deadline_outcome ? { deadlineOutcome: row.deadline_outcome } : {}),
      },
    },
  };
}
