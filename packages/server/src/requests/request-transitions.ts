/**
 * Applies a move of a consult or an approval, read from the one transition table (transitions.ts):
 * every status change is one conditional UPDATE whose `from` and `to` are the row's kind's line of
 * the table, so of two answers racing, exactly one finds the request still open.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import type { PendingEvent } from '../service/handoff-transitions.ts';
import { type RequestRow } from './request-rows.ts';
import type { DeadlineAction, RequestAnswer } from './request-types.ts';
import { caseByKind, kindsStoredIn, lifecycleOf, type AskKind, type AskMove } from './transitions.ts';

export type { AskMove as RequestMove } from './transitions.ts';

/** The kinds stored in `requests`. */
const ASK_KINDS = kindsStoredIn('requests') as AskKind[];

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
  move: AskMove,
  patch: RequestPatch,
  at: string,
): Promise<{ row: RequestRow; event: PendingEvent }> {
  const params: unknown[] = [
    requestId,
    at,
    patch.answer === undefined ? null : JSON.stringify(patch.answer),
    patch.answeredBy ?? null,
    patch.answeredByKey ?? null,
    patch.deadlineOutcome ?? null,
    patch.escalatedHandoffId ?? null,
  ];
  const line = (kind: AskKind) => lifecycleOf(kind).moves[move]!;
  const to = caseByKind('kind', ASK_KINDS, (kind) => line(kind).to, params, 'text');
  const from = caseByKind('kind', ASK_KINDS, (kind) => line(kind).from, params, 'text[]');
  const rows = await tx.query<RequestRow>(
    `UPDATE requests SET status = ${to}, ended_at = $2,
       answer = COALESCE($3::jsonb, answer), answered_by = COALESCE($4, answered_by),
       answered_by_key = COALESCE($5, answered_by_key),
       answered_at = CASE WHEN $3::jsonb IS NOT NULL THEN $2::timestamptz ELSE answered_at END,
       deadline_outcome = COALESCE($6, deadline_outcome),
       escalated_handoff_id = COALESCE($7, escalated_handoff_id)
     WHERE id = $1 AND status = ANY(${from}) RETURNING *`,
    params,
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
      type: line(row.kind).event,
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
