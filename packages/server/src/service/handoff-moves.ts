/**
 * Shared steps of the operator's moves: lock the handoff, check the move is allowed and that the
 * caller owns the claim, then apply the transition and hand the conversation back or over.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import { loadHandoff } from './access.ts';
import { handoffKind } from '../requests/transitions.ts';
import { canMove, transitionHandoff, type HandoffMove, type PendingEvent } from './handoff-transitions.ts';
import type { ConversationStatus, Principal } from './types.ts';
import type { HandoffRow } from './rows.ts';

/** Locks the handoff and checks `move` is allowed now and, from `claimed`, that the caller owns it. */
export async function lockForMove(
  tx: Queryable,
  principal: Principal,
  handoffId: string,
  move: HandoffMove,
): Promise<HandoffRow> {
  const handoff = await loadHandoff(tx, principal, handoffId, true);
  if (!canMove(handoff.status, move, handoffKind(handoff))) {
    throw new BatonError('invalid_transition', `A handoff that is ${handoff.status} cannot ${move}.`, {
      status: handoff.status,
      move,
    });
  }
  if (
    handoff.status === 'claimed' &&
    principal.scope === 'operator' &&
    handoff.claimed_by_key !== principal.keyId
  ) {
    throw new BatonError('not_owner', `Handoff ${handoffId} is claimed by ${handoff.claimed_by}.`, {
      claimedBy: handoff.claimed_by,
    });
  }
  return handoff;
}

/**
 * Gives the handoff to an operator (claim, an accepted offer, assign, take-over): the move, any offer
 * standing on it withdrawn, and the conversation theirs. `claimedAt` starts the claim's clock (a
 * reassignment keeps the first claim's time: time to claim is the customer's wait). Returns the row
 * as it ends and the move's event.
 */
export async function giveToOperator(
  tx: Queryable,
  handoffId: string,
  move: HandoffMove,
  operator: { name: string; keyId: string },
  at: string,
  claimedAt: boolean,
): Promise<{ row: HandoffRow; event: PendingEvent }> {
  const { row, event } = await transitionHandoff(
    tx,
    handoffId,
    move,
    { claimed_by: operator.name, claimed_by_key: operator.keyId, ...(claimedAt ? { claimed_at: at } : {}) },
    at,
  );
  const withdrawn = await tx.query<HandoffRow>(
    `UPDATE handoffs SET offered_to_key = NULL, offered_to = NULL, offer_expires_at = NULL
     WHERE id = $1 AND offered_to_key IS NOT NULL RETURNING *`,
    [handoffId],
  );
  await setConversationOwner(
    tx,
    row.conversation_id,
    { status: 'with_operator', name: operator.name, keyId: operator.keyId },
    at,
  );
  return { row: withdrawn[0] ?? row, event };
}

/** Sets who owns the conversation now (and its status). */
export async function setConversationOwner(
  tx: Queryable,
  conversationId: string,
  owner: { status: ConversationStatus; name: string; keyId: string | null; returnNote?: string | null },
  at: string,
): Promise<void> {
  await tx.query(
    `UPDATE conversations SET status = $2, owner = $3, owner_key = $4, updated_at = $5,
       return_note = CASE WHEN $6::boolean THEN $7 ELSE return_note END
     WHERE id = $1`,
    [
      conversationId,
      owner.status,
      owner.name,
      owner.keyId,
      at,
      owner.returnNote !== undefined,
      owner.returnNote ?? null,
    ],
  );
}

/** Seconds between two times, for event data (waiting and handling times). */
export function secondsBetween(from: Date | string, to: string): number {
  return Math.max(0, (new Date(to).getTime() - new Date(from).getTime()) / 1000);
}
