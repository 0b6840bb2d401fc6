/**
 * Answering and cancelling a consult or an approval. Of two operators answering at once, exactly
 * one answer counts: both lock the conversation, then the request, and the conditional UPDATE of
 * the transition table lets only the first move it out of `open`; the other gets `request_closed`.
 * An answer that comes after the deadline gets `deadline_passed`, and the deadline's result stands.
 */
import { BatonError } from '../errors.ts';
import type { ServiceContext } from '../service/context.ts';
import { mutate } from '../service/mutate.ts';
import type { Principal, WriteOptions } from '../service/types.ts';
import type { Queryable } from '../storage/database.ts';
import { canSeeConversation } from '../service/visibility.ts';
import { applyDeadline, isPastDeadline } from './apply-deadline.ts';
import { toRequest, type RequestRow } from './request-rows.ts';
import { transitionRequest } from './request-transitions.ts';
import type { BatonRequest, RequestAnswer } from './request-types.ts';
import { canMove } from './transitions.ts';
import { checkAnswer } from './validate-request.ts';

/** Locks the request's conversation, then the request (the one lock order); `request_not_found` when hidden. */
export async function lockRequest(
  tx: Queryable,
  principal: Principal,
  requestId: string,
): Promise<RequestRow> {
  const conversation = (
    await tx.query<{ created_by_key: string }>(
      `SELECT created_by_key FROM conversations WHERE id = (SELECT conversation_id FROM requests WHERE id = $1)
       FOR NO KEY UPDATE`,
      [requestId],
    )
  )[0];
  if (!conversation || !canSeeConversation(principal, conversation.created_by_key)) {
    throw new BatonError('request_not_found', `No request ${requestId}.`);
  }
  return (
    await tx.query<RequestRow>('SELECT * FROM requests WHERE id = $1 FOR NO KEY UPDATE', [requestId])
  )[0]!;
}

/** The refusal of a move that came after the deadline; the deadline's result stands. */
function deadlinePassed(late: BatonRequest): BatonError {
  return new BatonError(
    'deadline_passed',
    `The request's deadline passed at ${late.deadline}; its recorded result stands.`,
    { requestStatus: late.status, deadlineOutcome: late.deadlineOutcome, answer: late.answer },
  );
}

/** Records an operator's structured answer. */
export async function answerRequest(
  context: ServiceContext,
  principal: Principal,
  requestId: string,
  answer: RequestAnswer,
  options: WriteOptions = {},
): Promise<BatonRequest> {
  const now = context.now();
  const at = now.toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'answer', requestId, answer },
  };
  const outcome = await mutate(context, idempotent, async (tx, events) => {
    const row = await lockRequest(tx, principal, requestId);
    if (isPastDeadline(row, now)) {
      // Committed before the refusal: the deadline's result is recorded whoever asks first.
      return { late: toRequest(await applyDeadline(context, tx, row, events, at)) };
    }
    if (row.status === 'timed_out') return { late: toRequest(row) };
    if (!canMove(row.kind, row.status, 'answer')) {
      throw new BatonError('request_closed', `The request is ${row.status} already; that result stands.`, {
        requestStatus: row.status,
        answeredBy: row.answered_by,
      });
    }
    checkAnswer(row.kind, row.options, answer);
    const moved = await transitionRequest(
      tx,
      requestId,
      'answer',
      { answer, answeredBy: principal.name, answeredByKey: principal.keyId },
      at,
    );
    events.push(moved.event);
    return { answered: toRequest(moved.row) };
  });
  if (outcome.late) throw deadlinePassed(outcome.late);
  return outcome.answered!;
}

/** Withdraws an open request (the agent no longer needs it, or an operator closes it). */
export async function cancelRequest(
  context: ServiceContext,
  principal: Principal,
  requestId: string,
  options: WriteOptions = {},
): Promise<BatonRequest> {
  const now = context.now();
  const at = now.toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'cancel', requestId },
  };
  const outcome = await mutate(context, idempotent, async (tx, events) => {
    const row = await lockRequest(tx, principal, requestId);
    if (isPastDeadline(row, now))
      return { late: toRequest(await applyDeadline(context, tx, row, events, at)) };
    if (row.status === 'timed_out') return { late: toRequest(row) };
    const moved = await transitionRequest(tx, requestId, 'cancel', {}, at);
    events.push(moved.event);
    return { cancelled: toRequest(moved.row) };
  });
  if (outcome.late) throw deadlinePassed(outcome.late);
  return outcome.cancelled!;
}
