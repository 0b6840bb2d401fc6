/**
 * The one lock order: a transaction that locks a conversation and one of its handoffs locks the
 * conversation row first, then the handoff row. Two transactions that take locks in the same order
 * cannot wait on each other in a cycle, so no deadlock is possible between them. Every use case that
 * writes both goes through here; one that writes only a handoff row (a brief refresh, a repeat
 * count, a callback) takes that single lock in its own statement and waits for nothing else.
 *
 * `FOR NO KEY UPDATE` is the lock an UPDATE that leaves the key alone takes anyway, and unlike
 * `FOR UPDATE` it does not block the key-share locks that inserting a turn or a note takes on
 * the rows they reference.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import { canSeeConversation } from './visibility.ts';
import type { ConversationRow, HandoffRow } from './rows.ts';
import type { Principal } from './types.ts';

/** Locks a conversation row (the first lock of the order); `conversation_not_found` when hidden or absent. */
export async function lockConversation(
  tx: Queryable,
  principal: Principal,
  conversationId: string,
): Promise<ConversationRow> {
  const row = (
    await tx.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1 FOR NO KEY UPDATE', [
      conversationId,
    ])
  )[0];
  if (!row || !canSeeConversation(principal, row.created_by_key)) {
    throw new BatonError('conversation_not_found', `No conversation ${conversationId}.`);
  }
  return row;
}

/**
 * Locks a handoff's conversation, then the handoff, and returns both; `handoff_not_found` when the
 * handoff is absent or hidden from the caller. (A handoff never changes conversation, so finding
 * the conversation through it before either lock is taken is safe.)
 */
export async function lockHandoffAndConversation(
  tx: Queryable,
  principal: Principal,
  handoffId: string,
): Promise<{ conversation: ConversationRow; handoff: HandoffRow }> {
  const conversation = (
    await tx.query<ConversationRow>(
      `SELECT * FROM conversations WHERE id = (SELECT conversation_id FROM handoffs WHERE id = $1)
       FOR NO KEY UPDATE`,
      [handoffId],
    )
  )[0];
  if (!conversation || !canSeeConversation(principal, conversation.created_by_key)) {
    throw new BatonError('handoff_not_found', `No handoff ${handoffId}.`);
  }
  const handoff = (
    await tx.query<HandoffRow>('SELECT * FROM handoffs WHERE id = $1 FOR NO KEY UPDATE', [handoffId])
  )[0];
  if (!handoff) throw new BatonError('handoff_not_found', `No handoff ${handoffId}.`);
  return { conversation, handoff };
}
